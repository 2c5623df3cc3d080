import { describe, expect, it } from 'vitest';
import { anomalies } from './ledger.ts';

const start = new Map([
  [1, 100],
  [2, 100],
]);

describe('anomalies', () => {
  it('finds none when the balances match the transfers', () => {
    const done = [{ payer: 1, payee: 2, amount: 30 }];
    expect(
      anomalies(
        start,
        done,
        new Map([
          [1, 70],
          [2, 130],
        ]),
      ),
    ).toEqual({ overdrafts: 0, lostUpdates: 0, moneyCreated: 0 });
  });

  it('sees a payment made twice from funds that covered one', () => {
    // Both transfers read 100, both passed the check, both wrote 100 - 80 = 20.
    const done = [
      { payer: 1, payee: 2, amount: 80 },
      { payer: 1, payee: 2, amount: 80 },
    ];
    expect(
      anomalies(
        start,
        done,
        new Map([
          [1, 20],
          [2, 260],
        ]),
      ),
    ).toEqual({ overdrafts: 1, lostUpdates: 1, moneyCreated: 80 });
  });
});
