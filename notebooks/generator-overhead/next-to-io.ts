// "So what? The database call takes far longer." How big is an awaited call next to real I/O?
// Each operation is awaited one at a time, like a request handler waiting on its database.
import { createServer, connect, type Socket } from 'node:net';
import { readFile } from 'node:fs/promises';
import { measure } from 'mitata';
import { cell, z } from '../../runners/sdk.ts';
import { essayCalls } from './lib/essay.ts';

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

export default cell({
  title: 'An awaited call next to real I/O',
  params: z.object({ cpuTimeMs: z.number().positive() }),
  presets: { quick: { cpuTimeMs: 50 }, full: { cpuTimeMs: 1000 } },
  async run({ params, row, reference, progress }) {
    for (const r of essayCalls()) reference({ operation: r.variant, nsPerOp: r.nsPerCall, runtime: r.runtime });
    const echo = await loopbackEcho();
    const operations: Array<[string, () => Promise<unknown>]> = [
      ['async/await call', asyncBar],
      ['one event-loop turn (setImmediate)', nextTurn],
      ['read a small file (fs.promises)', () => readFile(new URL(import.meta.url))],
      ['TCP round trip on 127.0.0.1', echo.roundTrip],
    ];
    try {
      for (const [i, [operation, fn]] of operations.entries()) {
        const stats = await measure(fn, { min_cpu_time: params.cpuTimeMs * 1e6 });
        row({ operation, nsPerOp: stats.avg, p50: stats.p50, p99: stats.p99, runtime: `Node ${process.versions.node}` });
        progress(i + 1, operations.length, operation);
      }
    } finally {
      echo.close();
    }
  },
});
