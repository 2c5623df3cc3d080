// "So what? The database call takes far longer." How big is an awaited call next to real I/O?
// Each operation is awaited one at a time, like a request handler waiting on its database.
import { readFile } from 'node:fs/promises';
import { connect, createServer, type Socket } from 'node:net';
import { fileURLToPath } from 'node:url';
import { cell, z } from '../../runners/sdk.ts';
import { essayCalls } from './lib/essay.ts';
import type { TrialCases } from './lib/mitata-trial.ts';
import { processTrials } from './lib/process-trials.ts';

const asyncFoo = async () => 5;
const asyncBar = async () => await asyncFoo();
const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

/** An echo server and a client on 127.0.0.1: one byte there and back is one round trip. */
async function loopbackEcho(): Promise<{ roundTrip: () => Promise<unknown>; close: () => void }> {
  const server = createServer((s) => s.pipe(s)).listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  const { port } = server.address() as { port: number };
  const client: Socket = connect(port, '127.0.0.1').setNoDelay(true);
  await new Promise((r) => client.once('connect', r));
  const roundTrip = () => new Promise((resolve) => (client.once('data', resolve), client.write('x')));
  return { roundTrip, close: () => (client.destroy(), server.close()) };
}

/** What each trial process times, in this order, with the echo server it opens (lib/mitata-trial.ts). */
export const trialCases: TrialCases = async () => {
  const echo = await loopbackEcho();
  const cases: Array<[string, () => Promise<unknown>]> = [
    ['await', asyncBar], // an async/await call
    ['loop-turn', nextTurn], // one turn of the event loop (setImmediate)
    ['file-read', () => readFile(new URL(import.meta.url))], // a small file, through fs.promises
    ['tcp-round-trip', echo.roundTrip], // one byte there and back on 127.0.0.1
  ];
  return { cases, close: echo.close };
};

export default cell({
  title: 'An awaited call next to real I/O',
  params: z.object({
    trials: z.number().int().min(1), // separate processes, each timing every operation once
    cpuTimeMs: z.number().positive(), // mitata's minimum measured time per operation, in each process
  }),
  presets: { quick: { trials: 2, cpuTimeMs: 10 }, full: { trials: 5, cpuTimeMs: 400 } },
  async run(ctx) {
    for (const r of essayCalls()) ctx.reference({ operation: r.variant, nsPerOp: r.nsPerCall, runtime: r.runtime });
    const runtime = `Node ${process.versions.node}`;
    const rows = await processTrials(ctx, {
      cellFile: fileURLToPath(import.meta.url),
      trials: ctx.params.trials,
      minCpuTimeMs: ctx.params.cpuTimeMs,
      key: (operation) => ({ operation, runtime }),
      measures: (t) => ({ nsPerOp: t.avg, p50: t.p50, p99: t.p99 }),
    });
    rows.forEach((r) => ctx.row(r));
  },
});
