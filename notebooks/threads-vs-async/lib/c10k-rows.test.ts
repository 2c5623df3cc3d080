import { describe, expect, it } from 'vitest';
import { perMeasure } from './c10k-rows.ts';

describe('C10K rows', () => {
  it('turns a summary row into one row per measure, interval and trial count kept', () => {
    const row = {
      server: 's',
      connections: 100,
      kbPerConnection: 3,
      kbPerConnectionLo: 2,
      kbPerConnectionHi: 4,
      seconds: 1,
      secondsLo: 0.9,
      secondsHi: 1.2,
      trials: 5,
    };
    expect(perMeasure(row)).toEqual([
      { server: 's', connections: 100, trials: 5, measure: 'kbPerConnection', value: 3, valueLo: 2, valueHi: 4 },
      { server: 's', connections: 100, trials: 5, measure: 'seconds', value: 1, valueLo: 0.9, valueHi: 1.2 },
    ]);
  });
});
