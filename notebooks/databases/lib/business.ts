/**
 * One request's business logic for the front-end cell, written twice with the same statements in
 * the same order: blocking (pg-native's querySync, libpq) and awaiting (pg). In one transaction:
 * read the items of a category, rank them (business-work.ts, the CPU part), bump the sales counter
 * of the best `updates` of them, commit. The blocking version is the code Bayer would keep behind
 * a thread pool; the awaiting one is the same code made async all the way down.
 */
import type pg from 'pg';
import type Native from 'pg-native';
import { type Item, rankItems } from './business-work.ts';

/** What a request does: the rows it reads, the rows it updates, and its CPU work in rounds of rankItems. */
export interface Mix {
  rows: number;
  updates: number;
  rounds: number;
}

/** The catalogue: `categories` categories of `perCategory` items each. */
export interface Catalogue {
  categories: number;
  perCategory: number;
}

/**
 * Run once on every connection of every form: a commit does not wait for its WAL to reach the disk.
 * The comparison is between clients; with a flush per commit, every form would wait on the same disk
 * of this machine. Per session, so a server of your own (DATABASE_URL) keeps its settings.
 */
export const SESSION = 'SET synchronous_commit = off';

export const SQL = {
  select: 'SELECT id, category, name, price_cents, stock, sold FROM item WHERE category = $1 ORDER BY id LIMIT $2',
  update: 'UPDATE item SET sold = sold + 1, stock = stock - 1 WHERE id = $1',
};

/** Creates and fills the `item` table (from a setup connection; the servers never change its shape). */
export async function createCatalogue(db: pg.Client, c: Catalogue): Promise<void> {
  await db.query('DROP TABLE IF EXISTS item');
  await db.query(
    'CREATE TABLE item (id int PRIMARY KEY, category int NOT NULL, name text NOT NULL, price_cents int NOT NULL, stock int NOT NULL, sold int NOT NULL)',
  );
  await db.query(
    `INSERT INTO item SELECT g, g % $1, 'item ' || g, 100 + (g * 7919) % 10000, 1000000, 0 FROM generate_series(1, $2::int) g`,
    [c.categories, c.categories * c.perCategory],
  );
  await db.query('CREATE INDEX item_category ON item (category, id)');
  await db.query('ANALYZE item');
}

/** The request's answer: the item it ranked first, and the work's checksum. */
export interface Answer {
  pick: number;
  checksum: number;
}

/** Row locks in id order, so two requests never wait on each other in a circle. */
const toUpdate = (ids: number[], updates: number) => ids.slice(0, updates).sort((a, b) => a - b);

/** Blocking: each call returns once the database has answered; the thread does nothing else meanwhile. */
export function blockingRequest(db: Native, mix: Mix, category: number): Answer {
  try {
    db.querySync('BEGIN');
    const rows = db.querySync(SQL.select, [category, mix.rows]) as unknown as Item[];
    const ranked = rankItems(rows, mix.rounds);
    for (const id of toUpdate(ranked.ids, mix.updates)) db.querySync(SQL.update, [id]);
    db.querySync('COMMIT');
    return { pick: ranked.ids[0] ?? 0, checksum: ranked.checksum };
  } catch (error) {
    db.querySync('ROLLBACK');
    throw error;
  }
}

/** Awaiting: the same statements through a pg pool; each await lets the event loop serve other requests. */
export async function awaitingRequest(pool: pg.Pool, mix: Mix, category: number): Promise<Answer> {
  const db = await pool.connect();
  try {
    await db.query('BEGIN');
    const { rows } = await db.query<Item>(SQL.select, [category, mix.rows]);
    const ranked = rankItems(rows, mix.rounds);
    for (const id of toUpdate(ranked.ids, mix.updates)) await db.query(SQL.update, [id]);
    await db.query('COMMIT');
    db.release();
    return { pick: ranked.ids[0] ?? 0, checksum: ranked.checksum };
  } catch (error) {
    await db.query('ROLLBACK').catch(() => {});
    db.release(error as Error);
    throw error;
  }
}
