import { describe, expect, it } from 'vitest';
import { DelayLine } from './delay-line.ts';

describe('DelayLine', () => {
  it('holds each chunk for the one-way delay', () => {
    const line = new DelayLine<string>(2.5);
    expect(line.push('a', 10)).toBe(12.5);
    expect(line.nextDue()).toBe(12.5);
    expect(line.takeDue(12.4)).toEqual([]);
    expect(line.takeDue(12.5)).toEqual(['a']);
    expect(line.nextDue()).toBeUndefined();
    expect(line.size).toBe(0);
  });

  it('releases in arrival order, everything due at once', () => {
    const line = new DelayLine<string>(1);
    line.push('a', 0);
    line.push('b', 0.2);
    line.push('c', 0.7);
    expect(line.takeDue(1.5)).toEqual(['a', 'b']);
    expect(line.nextDue()).toBe(1.7);
    expect(line.takeDue(5)).toEqual(['c']);
  });

  it('with no delay, a chunk is due when it arrives', () => {
    const line = new DelayLine<number>();
    expect(line.push(1, 3)).toBe(3);
    expect(line.takeDue(3)).toEqual([1]);
  });

  it('never lets a chunk overtake one that arrived before it, when the delay is lowered', () => {
    const line = new DelayLine<string>(5);
    line.push('slow', 0);
    line.setDelay(0);
    expect(line.push('fast', 1)).toBe(5);
    expect(line.takeDue(1)).toEqual([]);
    expect(line.takeDue(5)).toEqual(['slow', 'fast']);
    expect(line.push('later', 6)).toBe(6);
  });

  it('refuses a negative or missing delay', () => {
    expect(() => new DelayLine(1).setDelay(-1)).toThrow(/0 or more/);
    expect(() => new DelayLine(1).setDelay(Number.NaN)).toThrow(/0 or more/);
  });

  it('keeps order over many chunks, compacting as it goes', () => {
    const line = new DelayLine<number>(0.5);
    const out: number[] = [];
    for (let i = 0; i < 5000; i++) {
      line.push(i, i * 0.01);
      out.push(...line.takeDue(i * 0.01));
    }
    out.push(...line.takeDue(Number.POSITIVE_INFINITY));
    expect(out).toEqual(Array.from({ length: 5000 }, (_, i) => i));
  });
});
