import { describe, expect, it } from 'vitest';
import { essayJobRows, JOBS } from './essay.ts';

describe('cpu-vs-io essay figures', () => {
  it('maps all ten figures onto our variants with speed-ups over sequential', () => {
    const rows = essayJobRows();
    expect(rows).toHaveLength(10);
    const io = rows.filter((r) => r.job === JOBS.io);
    expect(io.find((r) => r.variant === 'sequential')?.speedup).toBe(1);
    expect(io.find((r) => r.variant === '10 worker threads')?.speedup).toBeCloseTo(31.4 / 7.9, 5);
    const cpuThreads = rows.find((r) => r.job === JOBS.cpu && r.variant === '10 worker threads');
    expect(cpuThreads?.speedup).toBeLessThan(1); // the GIL: threads slowed the CPU job down
  });
});
