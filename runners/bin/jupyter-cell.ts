/**
 * What an exported notebook's code cell runs under Deno's Jupyter kernel (runners/jupyter/kernel.ts
 * starts it on Node): `node --import tsx runners/bin/jupyter-cell.ts <chapter/cell> [--preset quick]
 * [--lang en] [--runtime node20]`. One chapter cell through the project's runner — the same
 * executeCell as `npm run bench`, so the same process group, run lock, type check and runtime
 * table — that never saves: a notebook run is a reading, like `npm run bench -- --dry-run`; the
 * chapter's results come from `npm run bench` on a quiet machine. Progress and log lines go to
 * stderr as they come; at the end, one JSON line on stdout: the outputs to display (chart, rows,
 * provenance line). A failed run exits 1 with its error, at its file and line.
 */
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { relative } from 'node:path';
import { findCell } from '../../store/cells-fs.ts';
import { collectProvenance } from '../../store/provenance-fs.ts';
import { executeCell } from '../run-cell.ts';
import { runCli } from '../cli.ts';
import { UserError } from '../../core/errors.ts';
import { parseRuntimeId } from '../../core/runtimes.ts';
import type { CellRecord, RunPreset } from '../../core/protocol.ts';
import { freshOutputs, LANGS } from '../../export/notebook-fs.ts';
import { jupyterStrings } from '../../export/jupyter.ts';
import type { Lang } from '../../export/mdx.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url)).replace(/\/$/, '');
const PROVENANCE_KEYS = ['pinned', 'loadGenerator', 'database'];

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      preset: { type: 'string', default: 'quick' },
      lang: { type: 'string', default: 'en' },
      runtime: { type: 'string' },
    },
  });
  if (positionals.length !== 1) throw new UserError('which cell?', 'jupyter-cell.ts <chapter/cell>, as a notebook code cell calls it');
  const preset = values.preset as RunPreset;
  if (preset !== 'quick' && preset !== 'full') throw new UserError(`unknown preset "${values.preset}"`, 'quick or full');
  const lang = values.lang as Lang;
  if (!LANGS.includes(lang)) throw new UserError(`unknown language "${values.lang}"`, LANGS.join(' or '));
  const runtime = values.runtime === undefined ? undefined : parseRuntimeId(values.runtime);
  if (typeof runtime === 'object') throw new UserError(runtime.error, 'npm run runtimes lists them');
  const cell = findCell(ROOT, positionals[0]);

  const controller = new AbortController();
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => controller.abort());
  const onRecord = (r: CellRecord) => {
    if (r.type === 'log') process.stderr.write(`${r.text}\n`);
    else if (r.type === 'progress') process.stderr.write(`${r.done}/${r.total}${r.label ? ` ${r.label}` : ''}\n`);
  };
  const { outcome, skipped } = await executeCell(ROOT, cell, {
    preset,
    onRecord,
    signal: controller.signal,
    save: false,
    lockOwner: `a Jupyter notebook (${cell.id})`,
    ...(runtime ? { runtime } : {}),
  });
  const id = cell.id ?? positionals[0];
  if (skipped) {
    const text = jupyterStrings(lang).skipped(skipped);
    process.stdout.write(`${JSON.stringify({ outputs: [{ data: { 'text/plain': text, 'text/markdown': `*${text}*` } }] })}\n`);
    return 0;
  }
  if (outcome.status !== 'done') {
    const e = outcome.error;
    const at = e?.at ? ` (${relative(ROOT, e.at.file)}:${e.at.line})` : '';
    throw new UserError(
      `${id} ${outcome.status === 'cancelled' ? 'was cancelled' : `failed: ${e?.message ?? outcome.status}${at}`}`,
      'the stored results are as they were',
    );
  }
  const fromCell = Object.fromEntries(
    Object.entries(outcome.environment).filter(([k, v]) => PROVENANCE_KEYS.includes(k) && (v === null || typeof v === 'string')),
  );
  const ranOn = outcome.meta?.runtime;
  const outputs = freshOutputs(
    ROOT,
    {
      cell: id,
      preset: outcome.meta?.preset ?? preset,
      rows: outcome.rows,
      trials: outcome.trials,
      reference: outcome.reference,
      provenance: { ...collectProvenance(ROOT, {}, ranOn), ...fromCell },
      durationMs: outcome.durationMs,
    },
    lang,
  );
  // Each output's data as one string per MIME type, as Deno.jupyter.display takes it.
  const display = outputs.map((o) => ({
    data: Object.fromEntries(Object.entries(o.data).map(([mime, lines]) => [mime, lines.join('')])),
    metadata: o.metadata,
  }));
  process.stdout.write(`${JSON.stringify({ outputs: display })}\n`);
  return 0;
}

runCli('jupyter-cell', main);
