/**
 * `npm run bench -- [target...] [--quick] [--replace] [--list]`: re-measures cells headlessly, one
 * at a time, with a progress line, then prints a summary table. Exits 1 when any cell failed, 130
 * on Ctrl-C.
 */
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { resolveTargets, type CellRef } from '../../store/cells-fs.ts';
import { cellStatus } from '../../store/cell-status-fs.ts';
import { executeCell } from '../run-cell.ts';
import { UserError } from '../../core/errors.ts';
import { runCli } from '../cli.ts';
import { formatDuration, progressLine, table, type ProgressState } from '../../core/report.ts';
import type { CellRecord } from '../../core/protocol.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url)).replace(/\/$/, '');

const HELP = `Usage: npm run bench -- [target...] [--quick] [--replace] [--list]

  target    a chapter slug, a chapter/cell id, or a path to a .ts file (none: every cell)
  --quick   use each cell's small preset (what CI runs); stored full results are kept, and the
            quick run goes to the history (.runs/history/), unless --replace is given
  --replace let quick results replace stored full results
  --list    list the cells with their stored results and whether they are stale
  --dry-run run without replacing stored results

Results go to public/results/<chapter>/<cell>.json; the next \`npm run build\` draws them.`;

const out = process.stderr; // progress and logs; the summary table goes to stdout

async function list(cells: CellRef[]): Promise<void> {
  const rows: string[][] = [];
  for (const cell of cells) {
    const s = await cellStatus(ROOT, cell);
    const when = 'results' in s ? `${s.results.provenance.date.slice(0, 16).replace('T', ' ')} (${s.results.preset})` : '';
    rows.push([cell.id ?? cell.relFile, s.state === 'invalid' ? 'INVALID' : s.state, when, cell.relFile]);
    if (s.state === 'invalid') out.write(`${s.message}\n`);
  }
  process.stdout.write(table(['cell', 'state', 'measured', 'source'], rows) + '\n');
}

/** Seconds each cell took last time with this preset, to estimate what is left. */
async function expectedMs(cells: CellRef[], preset: string): Promise<Array<number | undefined>> {
  return Promise.all(
    cells.map(async (c) => {
      const s = await cellStatus(ROOT, c);
      return 'results' in s && s.results.preset === preset ? s.results.durationMs : undefined;
    }),
  );
}

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      quick: { type: 'boolean', default: false },
      list: { type: 'boolean', default: false },
      'dry-run': { type: 'boolean', default: false },
      replace: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(HELP + '\n');
    return 0;
  }
  const cells = resolveTargets(ROOT, positionals, process.env.INIT_CWD ?? process.cwd());
  if (cells.length === 0) throw new UserError('no cells to run', 'cells live in notebooks/<chapter>/<cell>.ts');
  if (values.list) {
    await list(cells);
    return 0;
  }

  const preset = values.quick ? 'quick' : 'full';
  const expected = await expectedMs(cells, preset);
  const controller = new AbortController();
  let interrupted = false;
  process.on('SIGINT', () => {
    if (interrupted) process.exit(130); // a second Ctrl-C: leave now
    interrupted = true;
    out.write('\nCancelling: stopping the running cell and everything it started...\n');
    controller.abort();
  });

  const tty = out.isTTY === true;
  const summary: string[][] = [];
  let failed = 0;
  const startAll = performance.now();
  out.write(`Running ${cells.length} cell${cells.length === 1 ? '' : 's'} with the ${preset} preset, one at a time.\n`);

  for (const [index, cell] of cells.entries()) {
    const label = cell.id ?? cell.relFile;
    if (interrupted) {
      summary.push([label, 'skipped', '', '', 'interrupted']);
      continue;
    }
    const started = performance.now();
    const state: ProgressState = { index, count: cells.length, cellLabel: label, rows: 0, elapsedMs: 0 };
    const eta = () => {
      const left = expected.slice(index);
      if (left.some((x) => x === undefined)) return undefined;
      return Math.max(0, left.reduce((a, b) => a! + b!, 0)! - (performance.now() - started));
    };
    const draw = () => {
      state.elapsedMs = performance.now() - started;
      state.etaMs = eta();
      if (tty) out.write(`\r\x1b[2K${progressLine(state)}`);
    };
    const ticker = tty ? setInterval(draw, 250) : undefined;
    const onRecord = (r: CellRecord) => {
      if (r.type === 'row') state.rows++;
      else if (r.type === 'progress') {
        Object.assign(state, { done: r.done, total: r.total, label: r.label });
        if (!tty) out.write(`  ${progressLine({ ...state, elapsedMs: performance.now() - started })}\n`);
      } else if (r.type === 'log') {
        if (tty) out.write('\r\x1b[2K');
        out.write(`  │ ${r.text}\n`);
      } else if (r.type === 'truncated') out.write(`  │ (${r.stream} truncated: over the runner's cap)\n`);
      draw();
    };
    if (!tty) out.write(`[${index + 1}/${cells.length}] ${label}\n`);
    const { outcome, saved, notSaved, outranked } = await executeCell(ROOT, cell, {
      preset,
      onRecord,
      signal: controller.signal,
      save: !values['dry-run'],
      replace: values.replace,
      lockOwner: `npm run bench (${label})`,
    });
    clearInterval(ticker);
    if (tty) out.write('\r\x1b[2K');
    const took = formatDuration(outcome.durationMs);
    if (outcome.status === 'done') {
      const kept = outranked && `kept in history: the stored ${outranked.stored} results stay (--replace replaces them)`;
      out.write(`✓ ${label} · ${outcome.rows.length} rows · ${took}${saved ? ` → ${saved}` : kept ? ` · ${kept}` : ''}\n`);
      summary.push([label, 'ok', String(outcome.rows.length), took, saved ?? kept ?? `not saved: ${notSaved}`]);
    } else if (outcome.status === 'cancelled') {
      // A cancel is told by the outcome, not by the error: a cell being stopped may say something else first.
      failed++;
      out.write(`✗ ${label} · cancelled\n  stored results were left as they were\n`);
      summary.push([label, 'cancelled', String(outcome.rows.length), took, 'stored results kept']);
    } else {
      failed++;
      const e = outcome.error;
      const where = e?.at ? ` (${e.at.file.replace(ROOT + '/', '')}:${e.at.line})` : '';
      out.write(`✗ ${label} · ${e?.kind ?? outcome.status}: ${e?.message ?? ''}${where}\n  stored results were left as they were\n`);
      summary.push([label, 'FAILED', String(outcome.rows.length), took, `${e?.message ?? ''}${where}`]);
    }
  }

  process.stdout.write('\n' + table(['cell', 'status', 'rows', 'time', 'results'], summary) + '\n');
  process.stdout.write(`\n${cells.length - failed} ok, ${failed} failed · ${formatDuration(performance.now() - startAll)}\n`);
  if (interrupted) return 130;
  return failed > 0 ? 1 : 0;
}

runCli('bench', main);
