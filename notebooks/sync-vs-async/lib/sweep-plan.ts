/**
 * How long one wrk run of the load sweep lasts. wrk runs for whole seconds and keeps only the
 * requests answered in that time, so a run must be long enough for every connection to get
 * `rounds` answers, or a slow server's queue is never seen full and its p99 is cut short. The
 * length comes from a simple model of each server's rate (the plan, never a result): a sync server
 * answers one request per worker per wait; the event loops answer every connection per wait; on
 * the CPU-bound route every deployment is capped by the cores it may use.
 */
export interface SweepVariant {
  deployment: 'sync' | 'async' | 'hybrid';
  handler: 'io' | 'cpu';
  concurrency: number;
}

export interface SweepTiming {
  ioMs: number;
  cpuMs: number;
  /** Answers wanted per connection in a run. */
  rounds: number;
  /** The shortest run (wrk's unit is one second). */
  minSeconds: number;
}

/** Pure: the modelled requests/s of a variant, for planning only. */
export function modelledRate(v: SweepVariant, t: SweepTiming, workers: number, serverCores: number): number {
  if (v.handler === 'io') {
    const parallel = v.deployment === 'sync' ? Math.min(v.concurrency, workers) : v.concurrency;
    return (parallel * 1000) / t.ioMs;
  }
  const cores = v.deployment === 'async' ? 1 : Math.min(workers, serverCores);
  return (Math.min(v.concurrency, cores) * 1000) / t.cpuMs;
}

/** Pure: whole seconds for `rounds` answers per connection by the model, at least `minSeconds`. */
export function runSeconds(v: SweepVariant, t: SweepTiming, workers: number, serverCores: number): number {
  const seconds = (t.rounds * v.concurrency) / modelledRate(v, t, workers, serverCores);
  return Math.max(t.minSeconds, Math.ceil(seconds));
}
