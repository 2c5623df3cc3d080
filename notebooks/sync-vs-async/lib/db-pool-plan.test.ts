import { describe, expect, it } from 'vitest';
import {
  connectionsNeeded,
  descriptorsNeeded,
  limitedByGenerator,
  openFilesLimit,
  POOL_KEY_FIELDS,
  poolKey,
  poolServers,
  poolVariants,
  requestsPerTrial,
} from './db-pool-plan.ts';

describe('the servers and variants', () => {
  const servers = poolServers([4, 10], 10);

  it('runs a sync server per worker count, each worker with its own connection, then one async server with the pool', () => {
    expect(servers).toEqual([
      { deployment: 'sync', workers: 4, dbConnections: 4, series: 'sync-4' },
      { deployment: 'sync', workers: 10, dbConnections: 10, series: 'sync-10' },
      { deployment: 'async', workers: 1, dbConnections: 10, series: 'async-10' },
    ]);
  });

  it('measures every server at every concurrency, the servers side by side within a concurrency', () => {
    const variants = poolVariants(servers, [10, 1000]);
    expect(variants.map((v) => `${v.series}@${v.concurrency}`)).toEqual([
      'sync-4@10',
      'sync-10@10',
      'async-10@10',
      'sync-4@1000',
      'sync-10@1000',
      'async-10@1000',
    ]);
    expect(Object.keys(poolKey(variants[0]!))).toEqual([...POOL_KEY_FIELDS]);
    expect(poolKey(variants[5]!)).toEqual({ series: 'async-10', deployment: 'async', workers: 1, dbConnections: 10, concurrency: 1000 });
  });

  it('gives PostgreSQL room for every server’s connections and a few of the cell’s own', () => {
    expect(connectionsNeeded(servers)).toBe(4 + 10 + 10 + 5);
  });
});

describe('requests per trial', () => {
  it('sends rounds per connection, at least the minimum', () => {
    expect(requestsPerTrial(1000, 3, 300)).toBe(3000);
    expect(requestsPerTrial(10, 3, 300)).toBe(300);
  });
});

describe('the generator ceiling', () => {
  const ceilings = new Map([
    [10, 12_000],
    [1000, 8_000],
  ]);
  it('marks a rate within 10 % of the ceiling at its own concurrency', () => {
    expect(limitedByGenerator(7_300, 1000, ceilings)).toBe(true);
    expect(limitedByGenerator(7_300, 10, ceilings)).toBe(false);
    expect(limitedByGenerator(1_600, 1000, ceilings)).toBe(false);
  });
  it('marks nothing where no ceiling was measured', () => {
    expect(limitedByGenerator(1e9, 100, ceilings)).toBe(false);
  });
});

describe('the open-files limit', () => {
  const limits = [
    'Limit                     Soft Limit           Hard Limit           Units     ',
    'Max processes             95829                95829                processes ',
    'Max open files            1024                 524288               files     ',
  ].join('\n');
  it('reads the soft limit from /proc/self/limits', () => {
    expect(openFilesLimit(limits)).toBe(1024);
  });
  it('is undefined when unlimited or absent', () => {
    expect(openFilesLimit(limits.replace('1024 ', 'unlimited'))).toBeUndefined();
    expect(openFilesLimit('')).toBeUndefined();
  });
  it('asks for every connection, the pool, and room besides', () => {
    expect(descriptorsNeeded(1000, 10)).toBeGreaterThan(1010);
    expect(descriptorsNeeded(1000, 10)).toBeGreaterThan(1024);
  });
});
