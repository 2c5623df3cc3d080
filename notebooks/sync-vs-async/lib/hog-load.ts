/**
 * The load generator of the blocking-handler experiment: two streams in one process, pinned to the
 * generator's CPU, kept up for the whole run and asked for one measurement at a time (like the
 * ping-pong child: no process start, no JIT warm-up, per trial).
 *
 * - The fast stream is closed-loop, as autocannon's and wrk's are: `connections` keep-alive
 *   connections, each sending its next `/fast` when the last is answered. Every latency is kept
 *   (p50, p99 and the mean come from all of them), and the window ends by time: from then on no
 *   connection sends again, but the requests in flight are waited for and counted, so a request
 *   stalled at the end is not dropped (wrk drops it).
 * - The hogs are open-loop: one every `hogEveryMs`, on its own new connection, sent on schedule
 *   whether the previous one was answered or not, like users who do not know the server is busy.
 *   A new connection per hog lets the cluster's balancer deal hogs out as it deals connections.
 *
 * Why not autocannon or wrk: neither can send a second stream on a schedule inside the window it
 * measures; this is a few lines of node:http. Its ceiling (the same fast stream against a
 * canned responder) is measured by the cell, which flags any row within 10 % of it.
 */
import { Agent, get } from 'node:http';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { startChild } from '../../lib/child-json.ts';
import type { HogKind } from './hog-server.ts';
import { hogOffsets, type LatencySummary, latencySummary } from './hog-stats.ts';

export interface HogLoadOptions {
  /** The server's base URL (ending in "/"). */
  url: string;
  connections: number;
  /** Fast requests before the window, not recorded (connections open, JIT warm). */
  warmupMs: number;
  windowMs: number;
  /** Which hog to send during the window; null for none (the baseline). */
  hog: HogKind | null;
  hogEveryMs: number;
}

export interface HogLoadResult extends LatencySummary {
  /** From the window's start to the last fast answer (s). */
  seconds: number;
  /** Fast requests that failed (connection error or non-200). */
  errors: number;
  hogsSent: number;
  hogsAnswered: number;
  /** The longest a hog waited for its answer (ms), 0 without hogs. */
  hogMaxMs: number;
  /** How late the generator sent its latest hog against the schedule (ms). */
  hogLateMs: number;
}

export interface HogLoad {
  measure(options: HogLoadOptions): Promise<HogLoadResult>;
  /** Closes its stdin and waits until it has exited. */
  stop(): Promise<void>;
}

const FILE = fileURLToPath(import.meta.url);
const FLAG = '--hog-load';

/** Starts the generator process (pinned to `cpus` when given). */
export function startHogLoad(cpus: string | null): HogLoad {
  const child = startChild({ name: 'the load generator', command: process.execPath, args: ['--import', 'tsx', FILE, FLAG], cpus });
  return {
    measure: (options) => child.ask<HogLoadResult>(JSON.stringify(options)),
    stop: () => child.stop(),
  };
}

const now = () => performance.now();

/** One GET to its end: true for a 200. */
function fetchOk(url: string, agent: Agent | false): Promise<boolean> {
  return new Promise((resolve) => {
    const req = get(url, { agent }, (res) => {
      res.resume();
      res.once('end', () => resolve(res.statusCode === 200));
      res.once('error', () => resolve(false));
    });
    req.once('error', () => resolve(false));
  });
}

/** In the child: one measurement. */
async function measure(o: HogLoadOptions): Promise<HogLoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: o.connections });
  const fast = `${o.url}fast`;
  let errors = 0;
  let last = 0;
  const loop = async (until: number, record: number[] | null) => {
    while (now() < until) {
      const t = now();
      if (await fetchOk(fast, agent)) {
        last = now();
        record?.push(last - t);
      } else {
        errors++;
        await sleep(1); // a refused connection must not spin the loop
      }
    }
  };
  const connections = Array.from({ length: o.connections });
  try {
    const warm = now() + o.warmupMs;
    await Promise.all(connections.map(() => loop(warm, null)));
    errors = 0;
    const latencies: number[] = [];
    const t0 = now();
    let hogsAnswered = 0;
    let hogMaxMs = 0;
    let hogLateMs = 0;
    const offsets = o.hog ? hogOffsets(o.windowMs, o.hogEveryMs) : [];
    const hogs = offsets.map(async (at) => {
      await sleep(Math.max(0, t0 + at - now()));
      hogLateMs = Math.max(hogLateMs, now() - (t0 + at));
      const t = now();
      if (await fetchOk(`${o.url}hog?kind=${o.hog}`, false)) {
        hogsAnswered++;
        hogMaxMs = Math.max(hogMaxMs, now() - t);
      }
    });
    await Promise.all(connections.map(() => loop(t0 + o.windowMs, latencies)));
    await Promise.all(hogs);
    const seconds = (last - t0) / 1000;
    return { ...latencySummary(latencies, seconds), seconds, errors, hogsSent: offsets.length, hogsAnswered, hogMaxMs, hogLateMs };
  } finally {
    agent.destroy();
  }
}

if (process.argv[1] === FILE && process.argv[2] === FLAG) {
  // One JSON line of options in, one JSON line of results out, until stdin closes.
  (async () => {
    for await (const line of createInterface({ input: process.stdin })) {
      if (line.trim()) process.stdout.write(`${JSON.stringify(await measure(JSON.parse(line) as HogLoadOptions))}\n`);
    }
  })().catch((error) => {
    process.stderr.write(`${(error as Error).stack ?? error}\n`);
    process.exit(1);
  });
}
