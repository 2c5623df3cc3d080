/**
 * `npm run merge -- <file or folder>... [--into DIR] [--dry-run] [--report FILE]`: adds results measured elsewhere
 * (another machine's `npm run bench -- --out`, the CI matrix's artifacts, a contributor's files) to
 * public/results/machines/<machine id>/. Each file is checked first (store/merge.ts) and refused,
 * named with the reason, when it fails; the valid ones are added all the same (one bad file never
 * holds back the good ones). Exits 1 when any file was refused. --report writes the outcome as
 * Markdown, for a pull request's description.
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { runCli } from '../cli.ts';
import { mergeReport, mergeResults, type MergeEntry } from '../../store/merge-fs.ts';
import { table } from '../../core/report.ts';
import { RESULTS_ROOT } from '../../core/results.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url)).replace(/\/$/, '');

const HELP = `Usage: npm run merge -- <file or folder>... [--into DIR] [--dry-run] [--report FILE]

  file or folder  results files, or folders holding them (walked; e.g. what \`npm run bench -- --out DIR\`
                  wrote, or the CI matrix's downloaded artifacts)
  --into          the results root to merge into (default public/results); files go to
                  <root>/machines/<machine id>/<chapter>/<cell>.json (Node 20) or .../<cell>/<runtime>.json
  --dry-run       check every file and say what would happen, writing nothing
  --report        also write the outcome as Markdown to FILE (what was added, what was refused and why)

Valid files are added even when others are refused. A file is refused (and the exit code is 1) when it is not this project's results schema, names a
cell or runtime the project does not have, its source hash differs from the cell's sources in this
checkout (other code, or edited by hand), it was an experiment or measured in a dirty checkout, or
it sits in a machines/<id>/ folder other than the one its provenance names. A quick run never
replaces a full run's results for the same machine and runtime, and older results never replace newer ones.`;

/** A path as a person reads it: project-relative when inside the project. */
function displayPath(path: string): string {
  const rel = relative(ROOT, path);
  return rel.startsWith('..') || isAbsolute(rel) ? path : rel;
}

const VERB: Record<MergeEntry['action'], string> = {
  add: 'added',
  replace: 'replaced',
  unchanged: 'unchanged',
  keep: 'kept stored',
  refuse: 'REFUSED',
};

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      into: { type: 'string' },
      'dry-run': { type: 'boolean', default: false },
      report: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help || positionals.length === 0) {
    process.stdout.write(HELP + '\n');
    return values.help ? 0 : 1;
  }
  const cwd = process.env.INIT_CWD ?? process.cwd();
  const into = values.into ? resolve(cwd, values.into) : join(ROOT, RESULTS_ROOT);
  const entries = await mergeResults(
    ROOT,
    positionals.map((p) => resolve(cwd, p)),
    { into, dryRun: values['dry-run'] },
  );
  for (const e of entries)
    if (e.action === 'refuse') process.stderr.write(`✗ ${e.file}: refused: ${e.reason}\n`);
    else if (e.action === 'keep') process.stderr.write(`– ${e.file}: not merged: ${e.reason}\n`);
  const rows = entries.map((e) => [VERB[e.action], 'dest' in e ? e.dest : '', e.file]);
  process.stdout.write(`Into ${displayPath(into)}/:\n` + table(['status', 'results', 'from'], rows) + '\n');
  const count = (a: MergeEntry['action']) => entries.filter((e) => e.action === a).length;
  const machines = new Set(entries.flatMap((e) => ('machine' in e && (e.action === 'add' || e.action === 'replace') ? [e.machine] : [])));
  const would = values['dry-run'] ? ' (dry run: nothing written)' : '';
  const summary =
    `${count('add')} added, ${count('replace')} replaced, ${count('unchanged')} unchanged, ${count('keep')} kept stored, ` +
    `${count('refuse')} refused${machines.size ? ` · machines: ${[...machines].sort().join(', ')}` : ''}${would}`;
  process.stdout.write(`\n${summary}\n`);
  if (values.report) writeFileSync(resolve(cwd, values.report), mergeReport(entries, summary));
  return count('refuse') > 0 ? 1 : 0;
}

runCli('merge', main);
