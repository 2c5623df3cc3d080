/**
 * What a server says. The hello-world answer is a constant; the SELECT 1 answer asks PostgreSQL
 * through a pool of connections, with `pg` (node-postgres) or postgres.js, as the essay asked
 * MySQL through tornado_mysql's and aiomysql's pools.
 */
import pg from 'pg';
import postgres from 'postgres';
import type { Answer } from './http-bytes.ts';

export type Driver = 'pg' | 'postgres.js';
export const DRIVERS: Driver[] = ['pg', 'postgres.js'];

export interface AnswerSource {
  answer: Answer;
  close(): Promise<void>;
}

export const hello: AnswerSource = { answer: () => 'hello world', close: async () => {} };

/** `SELECT 1` per request through a pool of `poolSize` connections. */
export function selectOne(driver: Driver, url: string, poolSize: number): AnswerSource {
  if (driver === 'pg') {
    const pool = new pg.Pool({ connectionString: url, max: poolSize });
    return {
      answer: () => pool.query<{ one: number }>('SELECT 1 AS one').then((r) => String(r.rows[0]!.one)),
      close: () => pool.end(),
    };
  }
  const sql = postgres(url, { max: poolSize, onnotice: () => {} });
  return {
    answer: () => sql<{ one: number }[]>`SELECT 1 AS one`.then((r) => String(r[0]!.one)),
    close: () => sql.end({ timeout: 1 }),
  };
}
