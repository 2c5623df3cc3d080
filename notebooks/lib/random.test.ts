import { describe, expect, it } from 'vitest';
import { seededRandom } from './random.ts';

describe('seededRandom', () => {
  it('draws the sequences it drew before it used core/random.ts', () => {
    const a = seededRandom(42);
    expect(Array.from({ length: 8 }, () => a(100))).toEqual([60, 44, 85, 66, 17, 52, 27, 62]);
    const b = seededRandom(2016);
    expect(Array.from({ length: 5 }, () => b(50))).toEqual([7, 7, 14, 2, 46]);
  });

  it('stays within [0, n)', () => {
    const r = seededRandom(1);
    for (let i = 0; i < 1000; i++) expect(r(3)).toBeOneOf([0, 1, 2]);
  });
});
