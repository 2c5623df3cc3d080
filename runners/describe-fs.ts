/**
 * Describes a cell's parameters, or checks edited values, by asking a short-lived child process
 * (runners/bin/describe-cell.ts) that imports the cell. Descriptions are remembered per source
 * text, so opening a form twice spawns once.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { DESCRIBE_MARKER, type ParamsDescription, type ParamsIssue } from './describe.ts';
import { UserError } from './errors.ts';
import { signalGroup } from './process-group.ts';

const ENTRY = fileURLToPath(new URL('./bin/describe-cell.ts', import.meta.url));
const TIMEOUT_MS = 30_000;

type Answer = { plain: true } | { description: ParamsDescription } | { issues: ParamsIssue[] } | { error: string };

function ask(root: string, args: string[]): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', ENTRY, ...args], { cwd: root, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out = (out + d).slice(-1_000_000)));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (err = (err + d).slice(-4000)));
    const timer = setTimeout(() => signalGroup(child.pid!, 'SIGKILL'), TIMEOUT_MS);
    child.once('error', reject);
    child.once('close', () => {
      clearTimeout(timer);
      signalGroup(child.pid!, 'SIGKILL'); // anything the cell's imports started
      const line = out.split('\n').reverse().find((l) => l.startsWith(DESCRIBE_MARKER));
      if (!line) return reject(new UserError(`could not load the cell to read its parameters${err ? `: ${err.trim().split('\n').pop()}` : ''}`));
      resolve(JSON.parse(line.slice(DESCRIBE_MARKER.length)) as Answer);
    });
  });
}

const described = new Map<string, ParamsDescription | undefined>();

/** The cell's parameters and presets; undefined for a plain script. */
export async function describeCell(root: string, file: string): Promise<ParamsDescription | undefined> {
  const key = createHash('sha256').update(file).update(readFileSync(file)).digest('hex');
  if (described.has(key)) return described.get(key);
  const answer = await ask(root, [file]);
  if ('error' in answer) throw new UserError(`the cell could not be loaded: ${answer.error}`);
  const description = 'description' in answer ? answer.description : undefined;
  described.set(key, description);
  return description;
}

/** The schema's verdict on edited values over a preset: [] when they are fine. */
export async function checkCellParams(root: string, file: string, preset: 'quick' | 'full', edits: Record<string, unknown>): Promise<ParamsIssue[]> {
  const answer = await ask(root, [file, '--check', preset, JSON.stringify(edits)]);
  if ('error' in answer) throw new UserError(`the cell could not be loaded: ${answer.error}`);
  return 'issues' in answer ? answer.issues : [];
}
