/**
 * Microbenchmark trials as separate processes: trial after trial, a fresh Node runs mitata over
 * all of a cell's cases (mitata-trial.ts); each case's timings become one trial record, and the
 * rows are their medians with 95 % intervals across processes. The processes run one at a time:
 * two at once would share the machine's cores and time each other.
 */
import { fileURLToPath } from 'node:url';
import type { RowData } from '../../../core/protocol.ts';
import { summarizeTrials } from '../../../core/trials.ts';
import type { CellContext } from '../../../runners/sdk.ts';
import { childJson } from '../../lib/child-json.ts';
import { type CaseTiming, parseTimings } from './case-timings.ts';

const TRIAL_MODULE = fileURLToPath(new URL('./mitata-trial.ts', import.meta.url));

/** One trial process over the cell module's `trialCases()`; resolves to its timings, in case order. */
export function runTrialProcess(cellFile: string, minCpuTimeMs: number, signal?: AbortSignal): Promise<CaseTiming[]> {
  // --expose-gc: mitata then collects garbage before each case instead of allocating 1 GiB to force it.
  const args = ['--expose-gc', '--import', 'tsx', TRIAL_MODULE, cellFile, String(minCpuTimeMs)];
  return childJson({ name: 'the trial process', command: process.execPath, args, ...(signal ? { signal } : {}) }, parseTimings);
}

export interface ProcessTrialsOptions {
  /** The cell module: it exports `trialCases()` (see mitata-trial.ts). */
  cellFile: string;
  /** How many processes, each timing every case once. */
  trials: number;
  /** mitata's minimum measured time per case, in each process. */
  minCpuTimeMs: number;
  /** The fields that name a case in its rows (variant, runtime...). */
  key(name: string): RowData;
  /** A case's measures in one trial, given the timings of every case in the same process. */
  measures(timing: CaseTiming, process: CaseTiming[]): Record<string, number>;
}

type TrialContext = Pick<CellContext<unknown>, 'trial' | 'progress' | 'signal'>;

/** Runs the trials, emitting each case's trial record as its process ends; returns one summary row per case. */
export async function processTrials(ctx: TrialContext, options: ProcessTrialsOptions): Promise<RowData[]> {
  const all: RowData[] = [];
  for (let trial = 0; trial < options.trials; trial++) {
    const timings = await runTrialProcess(options.cellFile, options.minCpuTimeMs, ctx.signal);
    for (const timing of timings) {
      const data = { ...options.key(timing.name), trial, ...options.measures(timing, timings) };
      all.push(data);
      ctx.trial(data);
    }
    ctx.progress(trial + 1, options.trials, `trial process ${trial + 1} of ${options.trials}`);
  }
  const by = Object.keys(options.key(''));
  const measures = [...new Set(all.flatMap((t) => Object.keys(t).filter((k) => k !== 'trial' && !by.includes(k))))];
  return summarizeTrials(all, by, measures);
}
