/**
 * A judged ledger as a reader sees it: per claim its words, what was measured (each condition's
 * A ÷ B with its interval, or "capped by the load generator"), and the verdict word; under the
 * table, which machine and run the verdicts are for. Pure; Ledger.astro and the export lay it out.
 */
import type { ClaimResult } from './ledger.ts';
import type { Provenance, RowData } from './protocol.ts';
import type { Estimate } from './stats.ts';
import { formatValue } from './cell-view.ts';
import { formatRatio } from './figures.ts';
import { ui, type Lang } from './ui-strings.ts';
import type { ClaimVerdict } from './verdict.ts';

export interface LedgerRowView {
  id: string;
  claim: string;
  essay: string;
  /** One line per condition (or the reason it is untested). */
  measured: string[];
  verdict: ClaimVerdict;
  verdictText: string;
  note?: string;
  /** "holds on 3 of 4 machines", when other machines have like results (core/ledger.ts machineAgreement). */
  onMachines?: string;
}

export interface LedgerView {
  columns: string[];
  rows: LedgerRowView[];
  /** "Verdicts computed from the stored results: <machine>, measured <date>, <trials>." per cell measured. */
  judgedOn: string[];
}

const ratio = formatRatio;
const value = (v: number) => formatValue(v);
const invert = (e: Estimate): Estimate => ({ median: 1 / e.median, lo: 1 / e.hi, hi: 1 / e.lo, n: e.n });

/**
 * `label` shows a value (rows carry keys) by the words of the chart of the cell the claim judges:
 * two cells may word the same key differently ("cpu": a CPU-bound handler here, a CPU hog there).
 */
export function ledgerView(
  judged: ClaimResult[],
  lang: Lang,
  label: (v: RowData[string], cell: string) => string,
  provenance: { cell: string; provenance: Provenance; trials: number }[],
): LedgerView {
  const t = ui(lang).ledger;
  const rows = judged.map(({ claim, conditions, verdict }): LedgerRowView => {
    const cellLabel = (v: RowData[string]) => label(v, claim.test?.cell ?? '');
    // A variant is named by the values that tell it from the other one.
    const name = (w: RowData, other: RowData) =>
      Object.entries(w)
        .filter(([k, v]) => other[k] !== v)
        .map(([, v]) => cellLabel(v))
        .join(', ');
    const measured = claim.untested
      ? [claim.untested]
      : conditions.length === 0
        ? [t.noResults(claim.test!.cell)]
        : conditions.map((c) => {
            const where = c.condition === undefined ? undefined : Object.values(c.condition).map(cellLabel).join(', ');
            if (c.generatorLimited) return t.capped(where);
            if (c.b === undefined) {
              const e = c.a;
              const spread = e.n > 1 ? ` (${value(e.lo)}–${value(e.hi)})` : '';
              return t.bound(
                name(claim.test!.a, {}),
                `${value(e.median)}${spread}`,
                `${claim.test!.better === 'lower' ? '<' : '>'} ${value(claim.test!.bound!)}`,
                where,
              );
            }
            // The measure's own ratio A ÷ B (for times, the inverse of A's advantage).
            const e = claim.test!.better === 'higher' ? c.advantage : invert(c.advantage);
            const spread = e.n > 1 ? ` (${ratio(e.lo)}–${ratio(e.hi)})` : '';
            return t.ratio(name(claim.test!.a, claim.test!.b!), name(claim.test!.b!, claim.test!.a), `${ratio(e.median)}${spread}`, where);
          });
    return {
      id: claim.id,
      claim: claim.claim,
      essay: claim.essay,
      measured,
      verdict,
      verdictText: t.verdicts[verdict],
      ...(claim.note ? { note: claim.note } : {}),
    };
  });
  const judgedOn = provenance.map(({ provenance: p, trials }) =>
    t.judgedOn(`${p.cpu}, ${ui(lang).cores(p.cores)}`, p.date.slice(0, 10), trials),
  );
  return { columns: [...t.columns], rows, judgedOn };
}
