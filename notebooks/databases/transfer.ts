// The essay's transfer(): many at once on ONE event loop. Written the explicit-async way (check
// the funds, await, then write), it is wrong however explicit the awaits are; a transaction that
// locks the rows, or an optimistic version check with retry, makes it right. What does each cost?
// Budget: 1,500 transfers a trial (about 1.5 s for the naive and locking versions, 3.5 s with the
// optimistic one's retries), five trials. Fewer transfers leave fewer anomalies to count, but the
// contention that makes them (fifty in flight over fifty accounts) is the same at any length.
import pg from 'pg';
import { cell, interleaved, z } from '../../runners/sdk.ts';
import { startDatabase } from '../lib/postgres.ts';
import { anomalies, type Transfer } from './lib/ledger.ts';
import { seededRandom } from '../lib/random.ts';

type Db = pg.Pool | pg.PoolClient;
const balanceOf = async (db: Db, id: number, lock = '') =>
  (await db.query(`SELECT balance, version FROM account WHERE id = $1 ${lock}`, [id])).rows[0] as { balance: number; version: number };

/** Check, await, write: each await lets another transfer in between. */
async function naive(pool: pg.Pool, t: Transfer): Promise<boolean> {
  const payer = await balanceOf(pool, t.payer);
  if (payer.balance < t.amount) return false;
  const payee = await balanceOf(pool, t.payee);
  await pool.query('UPDATE account SET balance = $1 WHERE id = $2', [payee.balance + t.amount, t.payee]);
  await pool.query('UPDATE account SET balance = $1 WHERE id = $2', [payer.balance - t.amount, t.payer]);
  return true;
}

/** The essay's fix: one transaction, the rows locked from read to write (in id order: no deadlock). */
async function forUpdate(pool: pg.Pool, t: Transfer): Promise<boolean> {
  const c = await pool.connect();
  try {
    await c.query('BEGIN');
    await c.query('SELECT 1 FROM account WHERE id = ANY($1) ORDER BY id FOR UPDATE', [[t.payer, t.payee]]);
    const payer = await balanceOf(c, t.payer);
    if (payer.balance < t.amount) return (await c.query('ROLLBACK'), false);
    await c.query('UPDATE account SET balance = balance + $1 WHERE id = $2', [t.amount, t.payee]);
    await c.query('UPDATE account SET balance = balance - $1 WHERE id = $2', [t.amount, t.payer]);
    await c.query('COMMIT');
    return true;
  } finally {
    c.release();
  }
}

/** Optimistic: write only if nobody changed the row since we read it, else start again. */
async function optimistic(pool: pg.Pool, t: Transfer, retried: () => void): Promise<boolean> {
  for (;;) {
    const c = await pool.connect();
    try {
      const [payer, payee] = [await balanceOf(c, t.payer), await balanceOf(c, t.payee)];
      if (payer.balance < t.amount) return false;
      await c.query('BEGIN');
      const set = 'UPDATE account SET balance = $1, version = version + 1 WHERE id = $2 AND version = $3';
      const writes = [
        [payer.balance - t.amount, t.payer, payer.version],
        [payee.balance + t.amount, t.payee, payee.version],
      ];
      writes.sort((x, y) => x[1] - y[1]); // always in id order: two transfers never wait on each other in a cycle
      let ok = true;
      for (const w of writes) ok = ok && (await c.query(set, w)).rowCount === 1;
      if (ok) return (await c.query('COMMIT'), true);
      await c.query('ROLLBACK');
      retried();
    } finally {
      c.release();
    }
  }
}

export default cell({
  title: 'transfer(): the race on one event loop, and the ACID fixes',
  params: z.object({
    accounts: z.number().int().min(2),
    transfers: z.number().int().positive(),
    concurrency: z.number().int().positive(),
    trials: z.number().int().positive(), // measurements of each variant, interleaved
  }),
  // Five trials of 20 000 transfers would take about three minutes; 3 000 each keep the full run
  // near a minute. Fewer transfers per trial means fewer collisions, so fewer anomalies per run
  // for the naive variant (still dozens); the fixes must show none in any trial.
  presets: {
    quick: { accounts: 20, transfers: 1_000, concurrency: 50, trials: 2 },
    full: { accounts: 50, transfers: 1_500, concurrency: 50, trials: 5 },
  },
  timeoutMs: 10 * 60_000,
  async run(ctx) {
    const { params, row, log, scratchDir, provenance } = ctx;
    const db = await startDatabase({ scratchDir, log, maxConnections: params.concurrency + 10 });
    provenance({ database: db.server });
    const pool = new pg.Pool({ connectionString: db.url, max: params.concurrency });
    // The same random transfers for every variant and trial: amounts of 1-50 between accounts holding 100.
    const rand = seededRandom(42);
    const work: Transfer[] = Array.from({ length: params.transfers }, () => {
      const payer = 1 + rand(params.accounts);
      return { payer, payee: 1 + ((payer + rand(params.accounts - 1)) % params.accounts), amount: 1 + rand(50) };
    });
    let retries = 0;
    const variants: Array<[string, (t: Transfer) => Promise<boolean>]> = [
      ['naive', (t) => naive(pool, t)], // check, await, write
      ['for-update', (t) => forUpdate(pool, t)], // a transaction + SELECT … FOR UPDATE
      ['optimistic', (t) => optimistic(pool, t, () => retries++)], // a version column + retry
    ];
    try {
      await pool.query('CREATE TABLE account (id int PRIMARY KEY, balance int NOT NULL, version int NOT NULL DEFAULT 0)');
      const rows = await interleaved(ctx, {
        trials: params.trials,
        variants,
        key: ([variant]) => ({ variant }),
        async measure([, transfer]) {
          // Every measurement starts from the same balances.
          await pool.query('TRUNCATE account');
          await pool.query('INSERT INTO account (id, balance) SELECT g, 100 FROM generate_series(1, $1) g', [params.accounts]);
          retries = 0;
          const done: Transfer[] = [];
          const queue = [...work];
          const t0 = performance.now();
          await Promise.all(
            Array.from({ length: params.concurrency }, async () => {
              for (let t = queue.shift(); t; t = queue.shift()) if (await transfer(t)) done.push(t);
            }),
          );
          const seconds = (performance.now() - t0) / 1000;
          const { rows: final } = await pool.query<{ id: number; balance: number }>('SELECT id, balance FROM account');
          const initial = new Map(final.map((r) => [r.id, 100]));
          const found = anomalies(initial, done, new Map(final.map((r) => [r.id, r.balance])));
          return {
            anomalies: found.overdrafts + found.lostUpdates,
            ...found,
            succeeded: done.length,
            refused: work.length - done.length,
            retries,
            transfersPerSec: work.length / seconds,
          };
        },
      });
      for (const r of rows) row({ ...r, label: `${Math.round(Number(r.transfersPerSec))} transfers/s` });
    } finally {
      await pool.end();
      await db.stop();
    }
  },
});
