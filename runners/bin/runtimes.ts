/**
 * `npm run runtimes [-- list | install <runtime...|all> [--force]]`: the runtimes a cell can run on,
 * where each comes from, and installing them into the project's cache ahead of a run (a run
 * installs what it needs on first use anyway).
 */
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { relative } from 'node:path';
import { UserError } from '../../core/errors.ts';
import { table } from '../../core/report.ts';
import { parseRuntimeId, RUNTIME_IDS, RUNTIMES, runtimeIdentity, type RuntimeId } from '../../core/runtimes.ts';
import { runCli } from '../cli.ts';
import { findRuntime, installRuntime, runtimesDir } from '../runtimes-fs.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url)).replace(/\/$/, '');

const HELP = `Usage: npm run runtimes -- [list]
       npm run runtimes -- install <runtime...|all> [--force]

  list      every runtime: ready (the running Node, or installed) or not, and where it comes from
  install   install runtimes from npm into ${relative(ROOT, runtimesDir(ROOT)) || runtimesDir(ROOT)}/ (gitignored);
            --force installs again over a complete install

Runtimes: ${RUNTIME_IDS.join(', ')}. Run a cell on one with \`npm run bench -- --runtime bun <cell>\`.`;

function list(): void {
  const rows = RUNTIME_IDS.map((id) => {
    const s = RUNTIMES[id];
    const found = findRuntime(ROOT, id);
    return found
      ? [id, 'ready', runtimeIdentity(found.self), found.from]
      : [
          id,
          'not installed',
          '',
          s.npm ? `npm ${s.npm.package}@${s.npm.range}, about ${s.sizeMb} MB` : `the system's ${s.system?.command}: ${s.system?.install}`,
        ];
  });
  process.stdout.write(table(['runtime', 'state', 'version', 'from'], rows) + '\n');
}

function parseIds(names: string[]): RuntimeId[] {
  if (names.length === 0) throw new UserError('install what?', `name one or more runtimes (${RUNTIME_IDS.join(', ')}) or all`);
  if (names.includes('all')) return [...RUNTIME_IDS];
  return names.map((n) => {
    const id = parseRuntimeId(n);
    if (typeof id !== 'string') throw new UserError(id.error);
    return id;
  });
}

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { force: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h', default: false } },
  });
  const [command = 'list', ...rest] = positionals;
  if (values.help) {
    process.stdout.write(HELP + '\n');
    return 0;
  }
  if (command === 'list') {
    list();
    return 0;
  }
  if (command !== 'install') throw new UserError(`unknown command "${command}"`, 'npm run runtimes -- --help');
  for (const id of parseIds(rest)) {
    const r = await installRuntime(ROOT, id, { force: values.force, onProgress: (t) => process.stderr.write(`${t}\n`) });
    process.stderr.write(`✓ ${id}: ${runtimeIdentity(r.self)} (${r.from})\n`);
  }
  return 0;
}

runCli('runtimes', main);
