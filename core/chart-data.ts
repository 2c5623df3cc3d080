/** What one chart draws, as plain rows: shared by chart-plot.ts (the drawing) and chart-join.ts (where the rows come from). */
import type { RowData } from './protocol.ts';
import type { Overlay } from './chart-overlays.ts';

/** Rows as a chart sees them: ours, and the essay's published figures. */
export interface ChartData {
  measured: RowData[];
  essay: RowData[];
  /** Every trial behind the measured rows: drawn as faint dots beside each row's interval. */
  trials?: RowData[];
  /** Earlier runs drawn over ours, each in its own colour (the live notebook's history overlay). */
  overlays?: Overlay[];
  /** Other machines' rows (core/chart-spread.ts), drawn as faint marks, each machine its own. */
  machines?: RowData[];
}
