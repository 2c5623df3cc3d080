import { describe, expect, it } from 'vitest';
import { trialNs } from './pingpong-process.ts';

describe('trialNs', () => {
  it('reads the nanoseconds per switch of one trial', () => {
    expect(trialNs({ nsPerSwitch: 1605.5 })).toBe(1605.5);
  });
  it('refuses an answer that is not a trial', () => {
    expect(() => trialNs({ nsPerSwitch: [1, 2] })).toThrow(/not a ping-pong trial/);
    expect(() => trialNs({ nsPerSwitch: 0 })).toThrow(/not a ping-pong trial/);
    expect(() => trialNs(null)).toThrow(/not a ping-pong trial/);
  });
});
