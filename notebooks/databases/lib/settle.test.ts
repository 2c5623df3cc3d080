import { describe, expect, it } from 'vitest';
import { cpuTicks } from './settle.ts';

describe('cpuTicks', () => {
  it('adds utime and stime (fields 14 and 15) of a stat line', () => {
    const stat = '25252 (cat) R 25250 25250 11552 0 -1 4194304 100 0 0 0 7 3 0 0 20 0 1 0 2340409 3133440 390';
    expect(cpuTicks(stat)).toBe(10);
  });

  it('reads past a command name with spaces and parentheses', () => {
    const stat = '31 (node (front end) x) S 1 31 31 0 -1 4194304 100 0 0 0 120 45 0 0 20 0 9 0 2340409 3133440 390';
    expect(cpuTicks(stat)).toBe(165);
  });
});
