import { describe, expect, it } from 'vitest';
import { pinnedCommand, planPinning } from './cpus.ts';

describe('planPinning', () => {
  it('puts the server and the generator on different cores', () => {
    const p = planPinning(2, true);
    expect(p).toMatchObject({ pinned: true, server: '0', generator: '1', all: '0-1' });
    expect(p.describe).toContain('CPU 0');
  });
  it('gives the server every core but the last on bigger machines', () => {
    expect(planPinning(8, true)).toMatchObject({ server: '0-6', generator: '7', all: '0-7' });
  });
  it('does not pin without taskset or with one core, and says why', () => {
    expect(planPinning(4, false)).toMatchObject({ pinned: false, server: null, generator: null });
    expect(planPinning(4, false).describe).toContain('taskset not found');
    expect(planPinning(1, true).describe).toContain('one core');
  });
});

describe('pinnedCommand', () => {
  it('wraps a command in taskset, or leaves it alone', () => {
    expect(pinnedCommand('1', 'node', ['a.js'])).toEqual(['taskset', ['-c', '1', 'node', 'a.js']]);
    expect(pinnedCommand(null, 'node', ['a.js'])).toEqual(['node', ['a.js']]);
  });
});
