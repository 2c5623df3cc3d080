/**
 * What went wrong in a run of transfers, judged from the transfers that claimed success and the
 * balances the database ended with. Pure.
 */
export interface Transfer {
  payer: number;
  payee: number;
  amount: number;
}

export interface Anomalies {
  /** Accounts whose successful payments exceeded what they ever had: money spent twice. */
  overdrafts: number;
  /** Accounts whose final balance disagrees with their successful transfers: updates lost. */
  lostUpdates: number;
  /** Final total minus initial total: money created (positive) or destroyed (negative). */
  moneyCreated: number;
}

export function anomalies(initial: Map<number, number>, done: Transfer[], final: Map<number, number>): Anomalies {
  const expected = new Map(initial);
  const paid = new Map<number, number>();
  const received = new Map<number, number>();
  for (const t of done) {
    expected.set(t.payer, expected.get(t.payer)! - t.amount);
    expected.set(t.payee, expected.get(t.payee)! + t.amount);
    paid.set(t.payer, (paid.get(t.payer) ?? 0) + t.amount);
    received.set(t.payee, (received.get(t.payee) ?? 0) + t.amount);
  }
  let overdrafts = 0;
  let lostUpdates = 0;
  let moneyCreated = 0;
  for (const [id, start] of initial) {
    if (start + (received.get(id) ?? 0) - (paid.get(id) ?? 0) < 0) overdrafts++;
    if (final.get(id) !== expected.get(id)) lostUpdates++;
    moneyCreated += final.get(id)! - start;
  }
  return { overdrafts, lostUpdates, moneyCreated };
}
