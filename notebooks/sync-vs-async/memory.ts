// Memory per unit of concurrency. A sync server serves one request per worker process, so each
// extra concurrent request costs a process; an async server serves each in-flight request with a
// task (an object graph on one heap). We measure three things, each in its own child process:
// - a sync worker: the resident memory (RSS) and proportional share (PSS, shared pages split
//   among the processes mapping them) of each of the 4 workers of the sync deployment, after a
//   few requests;
// - an in-flight request on the async server: RSS of the one process while N requests are all
//   waiting in the I/O handler, minus its RSS before, over N (socket, parser, request and
//   response objects, the awaiting handler);
// - a bare async task: N async functions each suspended on a timer, in a process of their own
//   (RSS and heap growth over N, after a forced GC).
// "Fit in 1 GB" is 1 GiB over the per-unit figure: a ceiling, ignoring everything else a real
// service holds.
//
// Trials: every trial starts fresh processes for each unit, in turn (sync workers, each in-flight
// count, bare tasks, then again), so drift hits all alike; each row is a median over the trials
// with its 95 % interval, every trial is stored. Budget: a trial ends as soon as its figures are
// read (the held requests and the bare tasks' timers are cut short by stopping their process)
// instead of waiting out the hold, so 5 full trials take about 48 s here; nothing is traded
// but the wait, as the figures are taken while everything is still held.
import { Agent, get } from 'node:http';
import { fileURLToPath } from 'node:url';
import { cell, interleaved, z } from '../../runners/sdk.ts';
import { childJson } from '../lib/child-json.ts';
import { detectPinning } from '../lib/cpus.ts';
import { startDeployment } from './lib/deployments.ts';
import { memoryRows } from './lib/memory-rows.ts';
import { procMemory } from './lib/proc-memory.ts';

const TASK_MEMORY = fileURLToPath(new URL('./lib/task-memory.ts', import.meta.url));

// A unit of concurrency, keyed as its rows are: a sync worker process, an in-flight async request, a bare async task.
type Unit = { model: 'sync-worker' } | { model: 'async-request'; n: number } | { model: 'async-task'; n: number };

function request(url: string, agent?: Agent): Promise<string> {
  return new Promise((resolve, reject) => {
    get(url, { agent }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve(body));
    }).on('error', reject);
  });
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

export default cell({
  title: 'Memory per unit of concurrency: a sync worker process, an in-flight async request, a bare async task',
  params: z.object({
    syncWorkers: z.number().int().positive(),
    inflight: z.array(z.number().int().positive()).nonempty(), // concurrent requests held on the async server
    holdMs: z.number().int().positive(), // the longest a held request may wait before its figures are read
    bareTasks: z.number().int().positive(),
    trials: z.number().int().positive(),
  }),
  presets: {
    quick: { syncWorkers: 4, inflight: [1000], holdMs: 4000, bareTasks: 20_000, trials: 2 },
    full: { syncWorkers: 4, inflight: [500, 2000, 5000], holdMs: 8000, bareTasks: 200_000, trials: 5 },
  },
  timeoutMs: 5 * 60_000,
  async run(ctx) {
    const { params, row, log, provenance } = ctx;
    const cpus = detectPinning();
    provenance({ pinned: `${cpus.describe}; servers and the bare-task process on the server CPU list` });

    // 1. The sync deployment's workers: RSS and PSS, the mean over its workers.
    const syncWorker = async () => {
      const sync = await startDeployment({ deployment: 'sync', ioMs: 1, cpuIterations: 1000, workers: params.syncWorkers }, cpus.server);
      try {
        for (let i = 0; i < 4 * params.syncWorkers; i++) await request(`${sync.url}io`);
        const mems = sync.workerPids.map(procMemory);
        const pssKB = mean(mems.map((m) => m.pssKB));
        return { rssKB: mean(mems.map((m) => m.rssKB)), ...(Number.isFinite(pssKB) ? { pssKB } : {}) };
      } finally {
        await sync.stop();
      }
    };

    // 2. n requests held in flight on the async server: its RSS growth over n.
    const inflight = async (n: number) => {
      const server = await startDeployment({ deployment: 'async', ioMs: params.holdMs, cpuIterations: 1000, workers: 1 }, cpus.server);
      const agent = new Agent({ keepAlive: false, maxSockets: Infinity });
      try {
        for (let i = 0; i < 200; i++) await request(`${server.url}io?ms=0`);
        const pid = server.workerPids[0]!;
        const before = procMemory(pid);
        // Cut short when the server stops (below, once the figures are read): those errors are expected.
        for (let i = 0; i < n; i++) void request(`${server.url}io`, agent).catch(() => '');
        const deadline = Date.now() + params.holdMs - 500;
        let count = 0;
        while (count < n) {
          if (Date.now() > deadline) throw new Error(`only ${count} of ${n} requests reached the async server in time`);
          await new Promise((r) => setTimeout(r, 50));
          count = (JSON.parse(await request(`${server.url}stats`)) as { inflight: number }).inflight;
        }
        const during = procMemory(pid);
        return { rssKB: (during.rssKB - before.rssKB) / n };
      } finally {
        agent.destroy();
        await server.stop();
      }
    };

    // 3. n bare async tasks in a process of their own: RSS and heap growth over n.
    const bare = async (n: number) => {
      const t = await childJson<{ rssDeltaKB: number; heapDeltaKB: number }>({
        name: 'the bare-task process',
        command: process.execPath,
        args: ['--expose-gc', '--import', 'tsx', TASK_MEMORY, String(n), '60000'],
        cpus: cpus.server,
      });
      return { rssKB: t.rssDeltaKB / n, heapKB: t.heapDeltaKB / n };
    };

    const units: Unit[] = [
      { model: 'sync-worker' },
      ...params.inflight.map((n) => ({ model: 'async-request' as const, n })),
      { model: 'async-task', n: params.bareTasks },
    ];
    const summaries = await interleaved(ctx, {
      trials: params.trials,
      variants: units,
      key: (u) => ({ model: u.model, units: 'n' in u ? u.n : 1 }),
      measure: (u) => (u.model === 'sync-worker' ? syncWorker() : u.model === 'async-request' ? inflight(u.n) : bare(u.n)),
    });
    for (const s of summaries) {
      for (const r of memoryRows(s)) {
        row(r);
        log(
          `${r.what}, ${r.units} units: ${Number(r.perUnitKB).toFixed(2)} KB each (${Number(r.perUnitKBLo).toFixed(2)}–${Number(r.perUnitKBHi).toFixed(2)}), ${r.label}`,
        );
      }
    }
  },
});
