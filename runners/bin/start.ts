/**
 * `npm start`: the local notebook. Serves the site (Astro's dev server, so pages re-render with
 * fresh results) with the runner in front of it, on 127.0.0.1 only, behind a fresh token.
 */
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { dev } from 'astro';
import { newToken } from '../auth.ts';
import { RunQueue } from '../queue.ts';
import { runnerMiddleware } from '../runner-api.ts';
import { runnerIntegration } from '../astro-runner.ts';
import { formatUserError, UserError } from '../../core/errors.ts';
import { sweepOrphanedRuns } from '../process-group.ts';
import { sweepEditedCopies } from '../edited-fs.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url)).replace(/\/$/, '');
const HOST = '127.0.0.1';
const NODE_MODULES = createRequire(import.meta.url)
  .resolve('astro/package.json')
  .replace(/\/astro\/package\.json$/, '');

function parsePort(): number {
  const { values } = parseArgs({ options: { port: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
  if (values.help) {
    process.stdout.write('Usage: npm start [-- --port N]   (or PORT=N npm start; default 4321)\n');
    process.exit(0);
  }
  const raw = values.port ?? process.env.PORT ?? '4321';
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1 || port > 65535)
    throw new UserError(`invalid port "${raw}"`, 'use a whole number from 1 to 65535, e.g. npm start -- --port 4322');
  return port;
}

function assertFree(port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', (e: NodeJS.ErrnoException) =>
      reject(
        e.code === 'EADDRINUSE'
          ? new UserError(`port ${port} on ${HOST} is already in use`, `stop what uses it, or pick another: PORT=${port + 1} npm start`)
          : e,
      ),
    );
    probe.listen(port, HOST, () => probe.close(() => resolve()));
  });
}

async function main(): Promise<void> {
  // A local tool should not phone home: no update check, no telemetry.
  process.env.ASTRO_DISABLE_UPDATE_CHECK = 'true';
  process.env.ASTRO_TELEMETRY_DISABLED = '1';
  const port = parsePort();
  await assertFree(port);
  const token = newToken();
  // Leftovers of a runner that was killed (processes, edited-code copies) go before anything starts.
  sweepOrphanedRuns();
  sweepEditedCopies(ROOT);
  const queue = new RunQueue(ROOT);
  queue.warmUp();
  void queue.warmUpTypecheck();
  const server = await dev({
    root: ROOT,
    logLevel: process.env.AM_LOG_LEVEL === 'info' ? 'info' : 'warn',
    server: { host: HOST, port },
    devToolbar: { enabled: false },
    integrations: [runnerIntegration(runnerMiddleware({ root: ROOT, queue }), { port, token })],
    // Pre-bundle the live client's dependencies so the first page load does not reload itself, nor
    // the first Edit (CodeMirror and its languages load on demand: found then, they would make Vite
    // re-bundle and reload the page under the reader).
    vite: {
      // Packages may resolve from a node_modules above the project: allow that folder, nothing else outside.
      server: { strictPort: true, fs: { allow: [ROOT, NODE_MODULES] } },
      optimizeDeps: {
        include: [
          '@observablehq/plot',
          'zod',
          'codemirror',
          '@codemirror/state',
          '@codemirror/view',
          '@codemirror/language',
          '@codemirror/lang-javascript',
          '@codemirror/lang-python',
          '@lezer/highlight',
        ],
      },
    },
  });
  // The one line that shows the token: it is the key to a code-execution server.
  process.stdout.write(
    `\nAsync, Measured — local notebook with a live runner\n\n  Open: http://${HOST}:${port}/?token=${token}\n\n` +
      `Runs execute on this machine, one at a time. Ctrl-C stops the server and any running cell.\n`,
  );
  // Vite ends the process on its own SIGTERM (and on stdin's end) without waiting for our runs:
  // take those over, so every signal goes through one stop that ends the runs first.
  process.removeAllListeners('SIGTERM');
  process.stdin.removeAllListeners('end');
  let stopping = false;
  const stop = async (signal: NodeJS.Signals) => {
    if (stopping) process.exit(130); // a second Ctrl-C: now (the exit hook still kills every group)
    stopping = true;
    await queue.close();
    await server.stop().catch(() => {});
    process.exit(signal === 'SIGINT' ? 0 : 128 + (signal === 'SIGHUP' ? 1 : 15));
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => void stop(signal));
}

main().catch((error) => {
  process.stderr.write(error instanceof UserError ? `start: ${formatUserError(error)}\n` : `start: ${error?.stack ?? error}\n`);
  process.exit(error instanceof UserError ? error.exitCode : 1);
});
