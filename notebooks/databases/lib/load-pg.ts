/**
 * One event loop, node-postgres: a Pool of `concurrency` connections, one checked out per input
 * line. The same code drives pg's pure-JavaScript client and its libpq one (pg.native, over
 * pg-native's asynchronous API): only the driver under the Pool differs.
 */
import pg from 'pg';
import type { Line } from './dataset.ts';
import { now, type LineResult } from './drive.ts';
import { SQL } from './schema.ts';

/** The essay's per-line work. Each statement is prepared once per connection (by its name), as every variant does. */
async function loadLine(client: pg.PoolClient, line: Line, stopAt: number): Promise<LineResult> {
  const inserted: number[] = [];
  await client.query('begin');
  const geo = await client.query({ name: 'geo', text: SQL.geo, values: [line.fileid, line.logrecno] });
  const dictionary = await client.query({ name: 'dictionary', text: SQL.dictionary, values: [line.segment] });
  if (dictionary.rows.length !== line.values.length) throw new Error(`segment ${line.segment}: dictionary mismatch`);
  for (const [i, value] of line.values.entries()) {
    if (now() >= stopAt) {
      await client.query('rollback'); // time is up
      return { inserted, committed: false };
    }
    await client.query({ name: 'insert', text: SQL.insert, values: [geo.rows[0].id, dictionary.rows[i].id, value] });
    inserted.push(now());
  }
  await client.query('commit');
  return { inserted, committed: true };
}

async function openPool(Pool: typeof pg.Pool, url: string, concurrency: number) {
  // idleTimeoutMillis 0: an idle connection stays open from one load to the next.
  const pool = new Pool({ connectionString: url, max: concurrency, idleTimeoutMillis: 0 });
  // Open every connection before any load: a load times inserting, not connecting.
  const clients = await Promise.all(Array.from({ length: concurrency }, () => pool.connect()));
  clients.forEach((c) => c.release());
  return {
    async load(line: Line, stopAt: number) {
      const client = await pool.connect();
      try {
        const result = await loadLine(client, line, stopAt);
        client.release();
        return result;
      } catch (error) {
        client.release(error as Error);
        throw error;
      }
    },
    close: () => pool.end(),
  };
}

/** pg's pure-JavaScript client: the wire protocol parsed in JavaScript. */
export const pgPool = (url: string, concurrency: number) => openPool(pg.Pool, url, concurrency);

/** pg's libpq client (pg-native, asynchronous): the wire protocol parsed in C, the waiting on this event loop. */
export function pgNativePool(url: string, concurrency: number) {
  if (!pg.native) throw new Error('pg.native is unavailable: pg-native (libpq) did not load');
  return openPool(pg.native.Pool, url, concurrency);
}
