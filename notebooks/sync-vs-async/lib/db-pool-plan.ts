/**
 * The database-pool comparison's plan and rows, apart from any I/O: which servers run (a sync one
 * per worker count, one async one), the variants measured (each server at each concurrency, the
 * servers side by side within a concurrency), how many requests a trial sends, which rows sit at
 * the load generator's ceiling, and whether this process may open enough sockets.
 */
import type { RowData } from '../../../core/protocol.ts';
import { atCeiling } from '../../lib/load.ts';

export interface PoolServer {
  deployment: 'sync' | 'async';
  /** Processes that handle requests: the sync workers, or the one event loop. */
  workers: number;
  /** Database connections the server holds: one per sync worker, or the async pool's size. */
  dbConnections: number;
  /** The chart's series: "sync-4" (4 workers), "async-10" (a pool of 10). */
  series: string;
}

export interface PoolVariant extends PoolServer {
  concurrency: number;
}

/** Pure: a sync server for each worker count, then the async one with its pool. */
export function poolServers(syncWorkers: readonly number[], poolSize: number): PoolServer[] {
  return [
    ...syncWorkers.map((n): PoolServer => ({ deployment: 'sync', workers: n, dbConnections: n, series: `sync-${n}` })),
    { deployment: 'async', workers: 1, dbConnections: poolSize, series: `async-${poolSize}` },
  ];
}

/** Pure: every server at every concurrency, the servers side by side within each concurrency. */
export function poolVariants(servers: readonly PoolServer[], concurrency: readonly number[]): PoolVariant[] {
  return concurrency.flatMap((c) => servers.map((s) => ({ ...s, concurrency: c })));
}

/** The fields that name a variant in its trials and rows. */
export const POOL_KEY_FIELDS = ['series', 'deployment', 'workers', 'dbConnections', 'concurrency'] as const;

/** Pure: a variant's key fields. */
export function poolKey(v: PoolVariant): RowData {
  return { series: v.series, deployment: v.deployment, workers: v.workers, dbConnections: v.dbConnections, concurrency: v.concurrency };
}

/** Pure: requests measured in one trial: `rounds` per connection, at least `min`. */
export function requestsPerTrial(concurrency: number, rounds: number, min: number): number {
  return Math.max(min, concurrency * rounds);
}

/** Pure: PostgreSQL connections the run holds at once: every server's, plus the cell's own and PostgreSQL's admin check. */
export function connectionsNeeded(servers: readonly PoolServer[]): number {
  return servers.reduce((sum, s) => sum + s.dbConnections, 0) + 5;
}

/** Pure: whether a rate is within 10 % of the generator's ceiling at the same concurrency (no ceiling measured: false). */
export function limitedByGenerator(requestsPerSec: number, concurrency: number, ceilings: ReadonlyMap<number, number>): boolean {
  const ceiling = ceilings.get(concurrency);
  return ceiling !== undefined && atCeiling(requestsPerSec, ceiling);
}

/** Pure: the soft limit on open files in Linux's /proc/<pid>/limits text, or undefined (not found, or unlimited). */
export function openFilesLimit(limits: string): number | undefined {
  const m = limits.match(/^Max open files\s+(\d+)/m);
  return m ? Number(m[1]) : undefined;
}

/**
 * Pure: the descriptors the busiest process needs at `concurrency` connections (the async server
 * holds every connection and its pool; the generator, every connection), with room for the rest.
 */
export function descriptorsNeeded(concurrency: number, poolSize: number): number {
  return concurrency + poolSize + 200;
}
