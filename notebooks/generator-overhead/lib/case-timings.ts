/**
 * What a trial process reports: for each case, in the order mitata ran it, mitata's average,
 * median and 99th percentile time per iteration, in nanoseconds. The process prints them as one
 * line of JSON; the cell reads that line back (notebooks/lib/child-json.ts) and checks it here.
 */
import { z } from '../../../runners/sdk.ts';

const nanoseconds = z.number().nonnegative();

export const CaseTiming = z.object({ name: z.string(), avg: nanoseconds, p50: nanoseconds, p99: nanoseconds });
export type CaseTiming = z.infer<typeof CaseTiming>;

const CaseTimings = z.array(CaseTiming).min(1);

/** Pure: the timings in a trial process's answer (the JSON it printed last); throws when they are not timings. */
export function parseTimings(answer: unknown): CaseTiming[] {
  return CaseTimings.parse(answer);
}
