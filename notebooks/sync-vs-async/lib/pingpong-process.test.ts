import { describe, expect, it } from 'vitest';
import { parseTrialLine } from './pingpong-process.ts';

describe('parseTrialLine', () => {
  it('reads the nanoseconds per switch of one trial', () => {
    expect(parseTrialLine('{"nsPerSwitch":1605.5}')).toBe(1605.5);
  });
  it('refuses a line that is not a trial', () => {
    expect(() => parseTrialLine('{"nsPerSwitch":[1,2]}')).toThrow(/not a ping-pong trial/);
    expect(() => parseTrialLine('{"nsPerSwitch":0}')).toThrow(/not a ping-pong trial/);
  });
});
