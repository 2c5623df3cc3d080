/**
 * What a trial process reports: for each case, in the order mitata ran it, mitata's average,
 * median and 99th percentile time per iteration, in nanoseconds. The process prints them as one
 * line of JSON; the cell reads that line back here.
 */
import { z } from '../../../runners/sdk.ts';

const nanoseconds = z.number().nonnegative();

export const CaseTiming = z.object({ name: z.string(), avg: nanoseconds, p50: nanoseconds, p99: nanoseconds });
export type CaseTiming = z.infer<typeof CaseTiming>;

const CaseTimings = z.array(CaseTiming).min(1);

/** Pure: the timings in a trial process's stdout (its last non-empty line); throws when there are none. */
export function parseTimings(stdout: string): CaseTiming[] {
  const last = stdout.trimEnd().split('\n').at(-1) ?? '';
  let json: unknown;
  try {
    json = JSON.parse(last);
  } catch {
    throw new Error(`the trial process printed no timings (its last line: ${JSON.stringify(last.slice(0, 200))})`);
  }
  return CaseTimings.parse(json);
}
