import { describe, expect, it } from 'vitest';
import { calibrateRounds, rankItems, sampleItems } from './business-work.ts';

describe('rankItems', () => {
  const rows = sampleItems(10, 41);

  it('returns every id once, best score first, whatever the number of rounds', () => {
    const one = rankItems(rows, 1);
    expect([...one.ids].sort((a, b) => a - b)).toEqual(rows.map((r) => r.id));
    expect(rankItems(rows, 7).ids).toEqual(one.ids);
  });

  it('is deterministic, and its checksum depends on the rounds done', () => {
    expect(rankItems(rows, 5)).toEqual(rankItems(rows, 5));
    expect(rankItems(rows, 5).checksum).not.toBe(rankItems(rows, 6).checksum);
  });

  it('ranks a cheap, much-sold item below a dear, unsold one', () => {
    const [a, b] = sampleItems(2);
    const ranked = rankItems(
      [
        { ...a!, price_cents: 100, sold: 1000 },
        { ...b!, price_cents: 9000, sold: 0 },
      ],
      1,
    );
    expect(ranked.ids).toEqual([b!.id, a!.id]);
  });

  it('leaves its input as it was', () => {
    const before = JSON.stringify(rows);
    rankItems(rows, 3);
    expect(JSON.stringify(rows)).toBe(before);
  });
});

describe('calibrateRounds', () => {
  it('scales the rounds to the wanted time on the clock it is given', () => {
    // A clock that says every probe of 500 rounds took 2 ms: 1 ms is 250 rounds, 4 ms 1000.
    const fake = () => {
      let t = 0;
      let tick = 0;
      return () => (tick++ % 2 === 0 ? t : (t += 2));
    };
    expect(calibrateRounds(1, sampleItems(3), fake())).toBe(250);
    expect(calibrateRounds(4, sampleItems(3), fake())).toBe(1000);
  });

  it('gives at least one round', () => {
    expect(calibrateRounds(0, sampleItems(3))).toBe(1);
  });
});
