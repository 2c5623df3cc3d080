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
import { spawn } from 'node:child_process';
import { Agent, get } from 'node:http';
import { fileURLToPath } from 'node:url';
import { cell, z } from '../../runners/sdk.ts';
import { detectPinning, pinnedCommand } from '../lib/cpus.ts';
import { startDeployment } from './lib/deployments.ts';
import { procMemory } from './lib/proc-memory.ts';

const GiB_KB = 1024 * 1024;
const TASK_MEMORY = fileURLToPath(new URL('./lib/task-memory.ts', import.meta.url));

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

export default cell({
  title: 'Memory per unit of concurrency: a sync worker process, an in-flight async request, a bare async task',
  params: z.object({
    syncWorkers: z.number().int().positive(),
    inflight: z.array(z.number().int().positive()).nonempty(), // concurrent requests held on the async server
    holdMs: z.number().int().positive(), // how long each held request waits
    bareTasks: z.number().int().positive(),
  }),
  presets: {
    quick: { syncWorkers: 4, inflight: [1000], holdMs: 4000, bareTasks: 20_000 },
    full: { syncWorkers: 4, inflight: [500, 2000, 5000], holdMs: 8000, bareTasks: 200_000 },
  },
  timeoutMs: 5 * 60_000,
  async run({ params, row, log, progress, provenance }) {
    const cpus = detectPinning();
    provenance({ pinned: `${cpus.describe}; servers and the bare-task process on the server CPU list` });
    const total = 2 + params.inflight.length;
    let done = 0;
    const emit = (model: string, units: number, basis: string, perUnitKB: number) =>
      row({ what: `${model} (${basis})`, model, units, basis, perUnitKB, fitIn1GB: Math.floor(GiB_KB / perUnitKB), label: `${Math.floor(GiB_KB / perUnitKB).toLocaleString('en')} per GiB` });

    // 1. The sync deployment's workers.
    const sync = await startDeployment({ deployment: 'sync', ioMs: 1, cpuIterations: 1000, workers: params.syncWorkers }, cpus.server);
    try {
      for (let i = 0; i < 4 * params.syncWorkers; i++) await request(`${sync.url}io`);
      const mems = sync.workerPids.map(procMemory);
      const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
      const rss = mean(mems.map((m) => m.rssKB));
      const pss = mean(mems.map((m) => m.pssKB));
      emit('sync: one worker process', 1, 'RSS', rss);
      if (Number.isFinite(pss)) emit('sync: one worker process', 1, 'PSS', pss);
      log(`sync worker: RSS ${(rss / 1024).toFixed(1)} MB, PSS ${(pss / 1024).toFixed(1)} MB (mean of ${mems.length})`);
    } finally {
      await sync.stop();
    }
    progress(++done, total, 'sync workers');

    // 2. In-flight requests on the async server.
    for (const n of params.inflight) {
      const server = await startDeployment({ deployment: 'async', ioMs: params.holdMs, cpuIterations: 1000, workers: 1 }, cpus.server);
      const agent = new Agent({ keepAlive: false, maxSockets: Infinity });
      try {
        for (let i = 0; i < 200; i++) await request(`${server.url}io?ms=0`);
        const pid = server.workerPids[0]!;
        const before = procMemory(pid);
        const held = Array.from({ length: n }, () => request(`${server.url}io`, agent));
        const deadline = Date.now() + params.holdMs - 500;
        let inflight = 0;
        while (inflight < n) {
          if (Date.now() > deadline) throw new Error(`only ${inflight} of ${n} requests reached the async server in time`);
          await new Promise((r) => setTimeout(r, 50));
          inflight = (JSON.parse(await request(`${server.url}stats`)) as { inflight: number }).inflight;
        }
        const during = procMemory(pid);
        await Promise.all(held);
        const perRss = (during.rssKB - before.rssKB) / n;
        emit('async: one in-flight request', n, 'RSS', perRss);
        log(`async server, ${n} in flight: ${perRss.toFixed(1)} KB each (RSS ${(before.rssKB / 1024).toFixed(1)} → ${(during.rssKB / 1024).toFixed(1)} MB)`);
      } finally {
        agent.destroy();
        await server.stop();
      }
      progress(++done, total, `async, ${n} in flight`);
    }

    // 3. Bare async tasks.
    const [cmd, args] = pinnedCommand(cpus.server, process.execPath, ['--expose-gc', '--import', 'tsx', TASK_MEMORY, String(params.bareTasks), '2000']);
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    const code = await new Promise<number | null>((resolve, reject) => (child.once('error', reject), child.once('close', resolve)));
    if (code !== 0) throw new Error(`the bare-task process exited with code ${code}`);
    const t = JSON.parse(out.trim().split('\n').pop()!) as { rssDeltaKB: number; heapDeltaKB: number };
    emit('async: one bare task (awaiting a timer)', params.bareTasks, 'RSS', t.rssDeltaKB / params.bareTasks);
    emit('async: one bare task (awaiting a timer)', params.bareTasks, 'heap', t.heapDeltaKB / params.bareTasks);
    log(`bare task: ${((t.rssDeltaKB / params.bareTasks) * 1024).toFixed(0)} B RSS, ${((t.heapDeltaKB / params.bareTasks) * 1024).toFixed(0)} B heap each`);
    progress(++done, total, 'bare tasks');
  },
});
