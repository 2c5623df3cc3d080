/**
 * Earlier runs drawn over a chart (the live notebook's History): each in a colour of its own, the
 * palette's colours the chart's series do not use, and named in a legend by date and origin. An
 * overlay only adds marks: it never orders a scale (the chart's own marks do) and never enters
 * the colour scale, so the chart's rows, order, essay marks and legend stay as they were. Pure.
 */
import type { RowData } from './protocol.ts';

export interface Overlay {
  /** Names the run in the legend: its date, origin and preset. */
  label: string;
  rows: RowData[];
  /** Which overlay colour it keeps while it is shown (so ticking another does not repaint it). */
  slot?: number;
}

/** The parts of a chart spec that decide which colours its own series take. */
interface ColourSpec {
  marks: { fill?: string; stroke?: string }[];
  color?: { domain?: unknown[] };
}

/**
 * Colours outside the palette, for overlays when the chart's own series take nearly all of it (a
 * chart of five runtimes, CPython and the essay leaves one): dark, so they read on the light and
 * dark themes' plots alike, and unlike any series colour.
 */
export const OVERLAY_EXTRA = ['#6A3D9A', '#1B5E20', '#8C510A', '#2F4F4F'] as const;

/** The palette's colours left for overlays once the chart's own series have theirs, then colours of their own. */
export function overlayPalette(palette: readonly string[], spec: ColourSpec, rows: RowData[]): string[] {
  const fields = spec.marks.flatMap((m) => [m.fill, m.stroke]).filter((f): f is string => !!f);
  const series = new Set(rows.flatMap((r) => fields.filter((f) => r[f] !== undefined).map((f) => r[f])));
  const used = spec.color?.domain?.length ?? series.size;
  if (fields.length === 0) return [...palette];
  return [...palette.slice(used), ...OVERLAY_EXTRA];
}

/** Each overlay's colour, by its slot (its place in the list when it has none). */
export function overlayColours(free: readonly string[], overlays: Overlay[]): string[] {
  return overlays.map((o, i) => free[(o.slot ?? i) % free.length]);
}

const AREA = new Set(['barX', 'barY', 'rectX', 'areaY', 'dot']);

/**
 * Plot options for an overlay's copy of a mark: the mark's channels and options without its
 * `sort` (the chart's own marks order the scales), drawn hollow in the overlay's colour so the
 * chart's own marks stay visible beneath; series that were told apart by colour keep their `z`.
 */
export function overlayMarkOptions(
  mark: string,
  channels: Record<string, unknown>,
  options: Record<string, unknown>,
  colour: string,
): Record<string, unknown> {
  const { sort: _ordersTheChart, ...rest } = options;
  const series = channels.z ?? channels.stroke ?? channels.fill;
  return {
    ...channels,
    ...rest,
    ...(series !== undefined ? { z: series } : {}),
    fill: AREA.has(mark) ? 'none' : undefined,
    stroke: colour,
    strokeWidth: 2,
    strokeOpacity: 0.9,
  };
}

/** True when a mark draws from the data at all (a constant rule, say at x = 1, is not overlaid). */
export function drawsData(channels: Record<string, unknown>): boolean {
  return Object.values(channels).some((v) => typeof v === 'string' || typeof v === 'function');
}
