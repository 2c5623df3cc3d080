import { describe, expect, it } from 'vitest';
import { essayJobRows } from './essay.ts';

describe('cpu-vs-io essay figures', () => {
  it('maps all ten figures onto our variants with speed-ups over sequential', () => {
    const rows = essayJobRows();
    expect(rows).toHaveLength(10);
    const io = rows.filter((r) => r.job === 'io');
    expect(io.find((r) => r.variant === 'sequential')?.speedup).toBe(1);
    expect(io.find((r) => r.variant === 'threads')?.speedup).toBeCloseTo(31.4 / 7.9, 5);
    const cpuThreads = rows.find((r) => r.job === 'cpu' && r.variant === 'threads');
    expect(cpuThreads?.speedup).toBeLessThan(1); // the GIL: threads slowed the CPU job down
  });

  it("sets the essay's asyncio beside what it ran for each job: the pool for CPU, the loop for I/O", () => {
    const asyncio = essayJobRows().filter((r) => r.essayVariant.startsWith('asyncio'));
    expect(asyncio.find((r) => r.job === 'cpu')?.variant).toBe('async-pool');
    expect(asyncio.find((r) => r.job === 'io')).toMatchObject({ variant: 'async', seconds: 4.37 });
    // Nothing the essay ran for the I/O job used a pool.
    expect(essayJobRows().filter((r) => r.job === 'io' && r.variant === 'async-pool')).toEqual([]);
  });
});
