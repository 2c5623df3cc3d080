/** One event loop, node-postgres: a Pool of `concurrency` connections, one checked out per input line. */
import pg from 'pg';
import type { Line } from './dataset.ts';
import { SQL } from './schema.ts';

/** The essay's per-line work. Each statement is prepared once per connection (by its name), as every variant does. */
async function loadLine(client: pg.PoolClient, line: Line): Promise<void> {
  await client.query('begin');
  const geo = await client.query({ name: 'geo', text: SQL.geo, values: [line.fileid, line.logrecno] });
  const dictionary = await client.query({ name: 'dictionary', text: SQL.dictionary, values: [line.segment] });
  if (dictionary.rows.length !== line.values.length) throw new Error(`segment ${line.segment}: dictionary mismatch`);
  for (const [i, value] of line.values.entries()) {
    await client.query({ name: 'insert', text: SQL.insert, values: [geo.rows[0].id, dictionary.rows[i].id, value] });
  }
  await client.query('commit');
}

export async function pgPool(url: string, concurrency: number) {
  const pool = new pg.Pool({ connectionString: url, max: concurrency });
  // Open every connection before the clock starts.
  const clients = await Promise.all(Array.from({ length: concurrency }, () => pool.connect()));
  clients.forEach((c) => c.release());
  return {
    async load(line: Line) {
      const client = await pool.connect();
      try {
        await loadLine(client, line);
        client.release();
      } catch (error) {
        client.release(error as Error);
        throw error;
      }
    },
    close: () => pool.end(),
  };
}
