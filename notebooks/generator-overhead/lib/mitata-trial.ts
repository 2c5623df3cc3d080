/**
 * One trial of a microbenchmark: a fresh Node process imports a cell module, runs mitata over the
 * cell's cases once, one after another in the cell's order, and prints their timings as one line
 * of JSON (see case-timings.ts). mitata samples each case as it always does; a new process per
 * trial starts the JIT, the heap and the inline caches over, so trials differ the way two separate
 * runs of the essay's timeit would, and their spread is what the interval shows.
 *
 * Started by process-trials.ts as `node --import tsx mitata-trial.ts <cell module> <min ms>`.
 */
import { fileURLToPath, pathToFileURL } from 'node:url';
import { measure } from 'mitata';
import type { CaseTiming } from './case-timings.ts';

/** A case: a name and the function mitata calls (a function returning a promise is awaited). */
export type Case = readonly [name: string, fn: () => unknown];

/**
 * What a cell module exports, as `trialCases`, for its trial processes: its cases, set up afresh
 * in each process, and how to close what they opened (servers, sockets) so the process can exit.
 */
export type TrialCases = () => Promise<{ cases: Case[]; close?: () => void }>;

/** mitata over every case in order, each sampled for at least `minCpuTimeMs` of measured time. */
export async function timeCases(cases: Case[], minCpuTimeMs: number): Promise<CaseTiming[]> {
  const timings: CaseTiming[] = [];
  for (const [name, fn] of cases) {
    const stats = await measure(fn, { min_cpu_time: minCpuTimeMs * 1e6 });
    timings.push({ name, avg: stats.avg, p50: stats.p50, p99: stats.p99 });
  }
  return timings;
}

async function main(cellFile: string, minCpuTimeMs: number): Promise<void> {
  const { trialCases } = (await import(pathToFileURL(cellFile).href)) as { trialCases?: TrialCases };
  if (typeof trialCases !== 'function') throw new Error(`${cellFile} exports no trialCases()`);
  const { cases, close } = await trialCases();
  try {
    process.stdout.write(`${JSON.stringify(await timeCases(cases, minCpuTimeMs))}\n`);
  } finally {
    close?.();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main(process.argv[2]!, Number(process.argv[3])).catch((error) => {
    process.stderr.write(`${(error as Error).stack ?? error}\n`);
    process.exit(1);
  });
}
