/** One event loop, postgres.js: `concurrency` connections, one reserved per input line by sql.begin. */
import postgres from 'postgres';
import type { Line } from './dataset.ts';
import { now, type LineResult } from './drive.ts';
import { SQL } from './schema.ts';

const TIME_UP = new Error('time is up: roll the line back');

export async function postgresJs(url: string, concurrency: number) {
  // prepare: each statement is prepared once per connection, postgres.js's default and every variant's.
  const sql = postgres(url, { max: concurrency, prepare: true, onnotice: () => {} });
  // Open every connection before any load: a load times inserting, not connecting.
  const reserved = await Promise.all(Array.from({ length: concurrency }, () => sql.reserve()));
  reserved.forEach((r) => r.release());
  return {
    load: async (line: Line, stopAt: number): Promise<LineResult> => {
      const inserted: number[] = [];
      try {
        await sql.begin(async (tx) => {
          const [geo] = await tx.unsafe(SQL.geo, [line.fileid, line.logrecno], { prepare: true });
          const dictionary = await tx.unsafe(SQL.dictionary, [line.segment], { prepare: true });
          if (dictionary.length !== line.values.length) throw new Error(`segment ${line.segment}: dictionary mismatch`);
          for (const [i, value] of line.values.entries()) {
            if (now() >= stopAt) throw TIME_UP; // sql.begin rolls back
            await tx.unsafe(SQL.insert, [geo.id, dictionary[i].id, value], { prepare: true });
            inserted.push(now());
          }
        });
      } catch (error) {
        if (error !== TIME_UP) throw error;
        return { inserted, committed: false };
      }
      return { inserted, committed: true };
    },
    close: () => sql.end({ timeout: 5 }),
  };
}
