/**
 * The memory cell's rows: one per unit and basis (RSS, PSS, heap), the per-unit kilobytes as the
 * median over the trials with its 95 % interval, and how many such units fit in 1 GiB. `what` keys
 * the chart's row, `<model>/<basis>` (the chart's labels say it in words). Long because the chart
 * sets each basis on its own line, coloured by `basis`, and a chart spec colours by a field's
 * values. The trials stay wide (one per unit per trial, every basis it measured), as interleaved()
 * stores them: the ledger reads `rssKB`... from them.
 */
import type { RowData } from '../../../core/protocol.ts';
import { hiField, loField, TRIALS_FIELD } from '../../../core/trials.ts';

export const GiB_KB = 1024 * 1024;

/** The measures a memory trial may carry (kilobytes per unit), and the basis each is named by. */
export const MEMORY_BASES = [
  { measure: 'rssKB', basis: 'RSS' },
  { measure: 'pssKB', basis: 'PSS' },
  { measure: 'heapKB', basis: 'heap' },
] as const;

const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/**
 * Pure: a unit's summary row (`model`, `units`, each measured basis's median and interval,
 * `trials`) as one row per basis it has a median for. `fitIn1GB` is 1 GiB over the median; its
 * interval is 1 GiB over the interval's ends, swapped (more kilobytes, fewer units).
 */
export function memoryRows(summary: RowData): RowData[] {
  const model = String(summary.model);
  return MEMORY_BASES.filter(({ measure }) => finite(summary[measure])).map(({ measure, basis }) => {
    const perUnitKB = summary[measure] as number;
    const perGiB = (kb: unknown) => (finite(kb) && kb > 0 ? Math.floor(GiB_KB / kb) : null);
    const fitIn1GB = perGiB(perUnitKB);
    return {
      what: `${model}/${basis}`,
      model,
      units: summary.units ?? null,
      basis,
      perUnitKB,
      perUnitKBLo: summary[loField(measure)] ?? null,
      perUnitKBHi: summary[hiField(measure)] ?? null,
      fitIn1GB,
      fitIn1GBLo: perGiB(summary[hiField(measure)]),
      fitIn1GBHi: perGiB(summary[loField(measure)]),
      label: fitIn1GB === null ? '' : `${fitIn1GB.toLocaleString('en')} per GiB`,
      [TRIALS_FIELD]: summary[TRIALS_FIELD] ?? 0,
    };
  });
}
