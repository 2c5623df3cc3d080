/**
 * The query every request of the database cells runs: one row of a table (10,000 rows in the presets) by its primary
 * key, plus a wait inside PostgreSQL (`pg_sleep`) that stands for the part of a real query spent in
 * the database (reading pages, waiting on locks, a heavier plan). The lookup costs the server some
 * 20 µs; the wait, a few ms, dominates, so the web server spends each request almost entirely
 * waiting: the I/O-bound case the essay's argument turns on. The same text goes through pg-native
 * (blocking) and pg (awaited), each as one unnamed parse-bind-execute round trip.
 */

export const ITEM_QUERY = 'SELECT item.id, item.title FROM item, pg_sleep($2) WHERE item.id = $1';

/** Pure: the statements that make the table, with ids 1..rows, run once per run before any server starts. */
export function itemTable(rows: number): string[] {
  if (!Number.isInteger(rows) || rows < 1) throw new Error(`rows must be a positive integer, not ${rows}`);
  return [
    'CREATE TABLE item (id int PRIMARY KEY, title text NOT NULL)',
    `INSERT INTO item SELECT i, 'item ' || i FROM generate_series(1, ${rows}) i`,
    'ANALYZE item',
  ];
}

/** Pure: the query's parameters (as text, which pg-native's querySync and pg both take): the id, and the wait in seconds. */
export function itemParams(id: number, waitMs: number): string[] {
  return [String(id), String(waitMs / 1000)];
}
