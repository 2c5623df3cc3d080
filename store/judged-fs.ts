/**
 * What a chapter's <Ledger> and <Figure>s show, for the site (src/components) and the notebook
 * export alike: the ledger judged against each claim's stored results, and figures read from
 * results. A figure that matches nothing, or a ledger with no file, is an error naming it.
 */
import { labeller } from '../core/chart-plot.ts';
import { figureView, type FigureRef, type FigureView } from '../core/figures.ts';
import { judgeClaim, machineAgreement } from '../core/ledger.ts';
import { machineDir } from '../core/machine.ts';
import { RESULTS_ROOT } from '../core/results.ts';
import { REFERENCE_RUNTIME } from '../core/runtimes.ts';
import { join } from 'node:path';
import { listMachines } from './machines-fs.ts';
import { ledgerView, type LedgerView } from '../core/ledger-view.ts';
import type { ResultsFile, RowData } from '../core/protocol.ts';
import { ui, type Lang } from '../core/ui-strings.ts';
import { chartOf } from './charts-fs.ts';
import { ledgerFile, ledgerOf } from './ledgers-fs.ts';
import { readResults } from './results-fs.ts';

/**
 * A cell's stored results, or undefined when it has none or they cannot be read. A broken file is
 * the <Cell>'s to report (the static build fails on it; the local site shows its message in place),
 * so the prose and the ledger around it carry on as for an unmeasured cell.
 */
function results(root: string, cell: string): ResultsFile | undefined {
  const read = readResults(root, cell);
  return read.state === 'ok' ? read.results : undefined;
}

/** The chapter's ledger, judged; throws when the chapter declares none. */
export function judgedLedger(root: string, chapter: string, lang: Lang): LedgerView {
  const ledger = ledgerOf(root, chapter, lang);
  if (!ledger) throw new Error(`<Ledger chapter="${chapter}"> but there is no ${ledgerFile(chapter)}`);
  const cells = [...new Set(ledger.claims.flatMap((c) => (c.test ? [c.test.cell] : [])))];
  const stored = new Map(cells.map((c) => [c, results(root, c)]));
  const judged = ledger.claims.map((c) => judgeClaim(c, c.test ? stored.get(c.test.cell) : undefined));
  // Rows carry keys: each claim shows its values (servers, shapes...) by the words of its own cell's
  // chart in this language (two cells may word one key differently).
  const labels = new Map(cells.map((c) => [c, labeller(chartOf(root, c, lang).labels ?? {})]));
  const label = (v: RowData[string], cell: string) => String((labels.get(cell) ?? String)(v));
  const provenance = [...stored].flatMap(([cell, r]) =>
    r ? [{ cell, provenance: r.provenance, trials: Math.max(0, ...r.rows.map((row) => Number(row.trials ?? 1))) }] : [],
  );
  // One line per machine and date, not per cell.
  const seen = new Set<string>();
  const distinct = provenance.filter((p) => {
    const key = `${p.provenance.cpu}|${p.provenance.date.slice(0, 10)}|${p.trials}`;
    return !seen.has(key) && seen.add(key);
  });
  const view = ledgerView(judged, lang, label, distinct);
  // Other machines: each claim judged again on each machine's like results (same runtime, same preset).
  const machines = listMachines(root);
  if (machines.length === 0) return view;
  const t = ui(lang).ledger;
  const like = (cell: string, machine: string): ResultsFile | undefined => {
    const ours = stored.get(cell);
    const read = readResults(root, cell, REFERENCE_RUNTIME, join(root, RESULTS_ROOT, machineDir(machine)));
    if (!ours || read.state !== 'ok') return undefined;
    const p = read.results.provenance;
    const same = p.runtime === ours.provenance.runtime && p.runtimeVersion.split('.')[0] === ours.provenance.runtimeVersion.split('.')[0];
    return same && read.results.preset === ours.preset ? read.results : undefined;
  };
  view.rows = view.rows.map((row, i) => {
    const { claim, verdict } = judged[i];
    const cell = claim.test?.cell;
    const agreement = cell
      ? machineAgreement(
          claim,
          verdict,
          machines.map((m) => like(cell, m)),
        )
      : undefined;
    return agreement ? { ...row, onMachines: t.onMachines(row.verdictText, agreement.n, agreement.of) } : row;
  });
  return view;
}

/** A figure quoted in prose, read from its cell's stored results. */
/**
 * A figure quoted in prose. A cell not measured yet (a fresh checkout without its results file) reads
 * "not measured" in place, as its <Cell> does; a figure whose keys match none of the stored rows is an
 * error, since that is a typo or a renamed row, not a missing measurement.
 */
export function storedFigure(root: string, ref: FigureRef, lang: Lang = 'en'): FigureView {
  const r = results(root, ref.cell);
  if (!r) return { kind: 'missing', text: ui(lang).figureMissing, estimate: { median: NaN, lo: NaN, hi: NaN, n: 0 } };
  return figureView(ref, r);
}
