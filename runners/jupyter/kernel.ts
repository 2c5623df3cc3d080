/**
 * The project's side of an exported notebook, inside Deno's Jupyter kernel: the notebook's setup
 * cell imports this file from the checkout and calls `connect`; each experiment's code cell then
 * calls `measure("<chapter>/<cell>")`, which runs that cell through the project's runner on Node
 * (runners/bin/jupyter-cell.ts: the same run as `npm run bench`, never saved) and displays its
 * fresh chart and rows. Its progress and log lines show as the cell's output while it runs.
 *
 * The runner stays on Node, where the project runs (tsx, the runtime table, the run lock); Deno is
 * only the kernel. Runs under Deno, so it uses Node's modules as Deno provides them and nothing of
 * the project's other modules, which it reaches only through that process.
 */
import { spawn, spawnSync } from 'node:child_process';

export interface ConnectOptions {
  preset?: 'quick' | 'full';
  lang?: 'en' | 'zh-cn';
  /** A runtime id from the table (node20, node22, node24, bun, deno); default: the cell's own. */
  runtime?: string;
}

interface DenoJupyter {
  broadcast(type: string, content: Record<string, unknown>): Promise<void>;
}

/** The kernel's `Deno.jupyter`, when this runs inside Deno's Jupyter kernel. */
function denoJupyter(): DenoJupyter | undefined {
  return (globalThis as { Deno?: { jupyter?: DenoJupyter } }).Deno?.jupyter;
}

/** The Node that runs the runner: $AM_NODE, or `node` on PATH. */
const nodeCommand = () => process.env.AM_NODE || 'node';

const MISSING_NODE =
  "needs Node.js 20.19 or later to run the project's runner: install it (https://nodejs.org/, or apt-get install nodejs) " +
  'and start Jupyter where `node` is on PATH, or set AM_NODE to its path';

/** Why the runner cannot start from this checkout, or undefined when it can. */
export function runnerProblem(root: string): string | undefined {
  const probe = spawnSync(nodeCommand(), ['--version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) return `${MISSING_NODE} (${probe.error?.message ?? probe.stderr.trim()})`;
  const [major, minor] = probe.stdout.trim().replace(/^v/, '').split('.').map(Number);
  if (major < 20 || (major === 20 && minor < 19)) return `${MISSING_NODE} (found ${probe.stdout.trim()})`;
  // The project's packages, found as Node finds them (a node_modules in the checkout or above it).
  const tsx = spawnSync(nodeCommand(), ['--import', 'tsx', '--eval', ''], { cwd: root, encoding: 'utf8' });
  if (tsx.status !== 0) return `the checkout at ${root} has not installed its packages (tsx did not load): run \`npm install\` there first`;
  return undefined;
}

/** How long a cell waits after its last output for the kernel to publish it (see `connect`). */
const DRAIN_MS = 250;

/** Checks the runner can start, then returns `measure(cellId)` for the notebook's code cells. */
export async function connect(root: string, options: ConnectOptions = {}): Promise<(cellId: string) => Promise<void>> {
  const jupyter = denoJupyter();
  if (!jupyter) throw new Error("runners/jupyter/kernel.ts runs inside Deno's Jupyter kernel (deno jupyter --install)");
  const problem = runnerProblem(root);
  if (problem) throw new Error(problem);
  return async (cellId) => {
    const { outputs } = await runCell(root, cellId, options);
    for (const output of outputs) await jupyter.broadcast('display_data', { ...output, transient: {} });
    // Deno's kernel publishes a cell's outputs from a queue that another task drains, and answers
    // "done" (execute_reply, then idle) without waiting for it (cli/js/jupyter_kernel.js,
    // iopubDrainer); a client stops listening for a cell at idle, so an output still queued then is
    // lost (seen: the last of three). Nothing tells when the queue is empty; a pause lets it drain.
    await new Promise((resolve) => setTimeout(resolve, DRAIN_MS));
  };
}

interface Display {
  data: Record<string, string>;
  metadata?: Record<string, unknown>;
}

/** Runs one cell through runners/bin/jupyter-cell.ts; its stderr lines are printed as they come. */
export function runCell(root: string, cellId: string, options: ConnectOptions): Promise<{ outputs: Display[] }> {
  const args = ['--import', 'tsx', 'runners/bin/jupyter-cell.ts', cellId, '--preset', options.preset ?? 'quick'];
  args.push('--lang', options.lang ?? 'en', ...(options.runtime ? ['--runtime', options.runtime] : []));
  return new Promise((resolve, reject) => {
    const child = spawn(nodeCommand(), args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let pending = '';
    const said: string[] = [];
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      const lines = (pending + chunk).split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        said.push(line);
        console.log(line);
      }
    });
    child.on('error', (error) => reject(new Error(`${MISSING_NODE} (${error.message})`)));
    child.on('close', (code) => {
      if (pending) said.push(pending);
      if (code === 0) {
        try {
          resolve(JSON.parse(stdout.trim().split('\n').pop() ?? ''));
        } catch {
          reject(new Error(`the runner's answer for ${cellId} was not JSON: ${stdout.slice(0, 200)}`));
        }
        return;
      }
      // The CLI's last words: "jupyter-cell: <message>" and its hint.
      const from = said.findLastIndex((l) => l.startsWith('jupyter-cell: '));
      const message =
        from >= 0
          ? said
              .slice(from)
              .join('\n')
              .replace(/^jupyter-cell: /, '')
          : said.slice(-5).join('\n');
      reject(new Error(message || `the runner exited with code ${code}`));
    });
  });
}
