/**
 * The essay's schema in our own DDL, and the SQL every variant sends, word for word. The tables live
 * in their own schema so a DATABASE_URL pointing at a real database loses nothing.
 */
import pg from 'pg';
import type { Dataset } from './dataset.ts';

export const DDL = `
  drop schema if exists bulk_load cascade;
  create schema bulk_load;
  create table bulk_load.geo_record (
    id serial primary key, fileid text not null, logrecno integer not null, unique (fileid, logrecno));
  create table bulk_load.matrix (
    id serial primary key, segment_id integer not null, sortkey integer not null);
  create index on bulk_load.matrix (segment_id);
  create table bulk_load.dictionary_item (
    id serial primary key, matrix_id integer not null references bulk_load.matrix, index integer not null);
  create index on bulk_load.dictionary_item (matrix_id);
  create table bulk_load.data_element (
    id bigserial primary key,
    geo_record_id integer not null references bulk_load.geo_record,
    dictionary_item_id integer not null references bulk_load.dictionary_item,
    value numeric);`;

/** Per input line, in one transaction: the geo row, the segment's dictionary ids in order, one insert per value. */
export const SQL = {
  geo: 'select id from bulk_load.geo_record where fileid = $1 and logrecno = $2',
  dictionary:
    'select d.id, d.index from bulk_load.dictionary_item as d ' +
    'join bulk_load.matrix as m on d.matrix_id = m.id where m.segment_id = $1 ' +
    'order by m.sortkey, d.index',
  insert: 'insert into bulk_load.data_element (geo_record_id, dictionary_item_id, value) values ($1, $2, $3)',
} as const;

export type SqlTexts = typeof SQL;

/** Creates the tables, loads the geo records and dictionaries (untimed: the essay timed the data elements). */
export async function createSchema(url: string, data: Dataset): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(DDL);
    for (const s of data.segments) {
      for (const [sortkey, items] of s.matrices.entries()) {
        await client.query(
          `with m as (insert into bulk_load.matrix (segment_id, sortkey) values ($1, $2) returning id)
           insert into bulk_load.dictionary_item (matrix_id, index)
           select m.id, i from m, generate_series(1, $3::int) i`,
          [s.id, sortkey, items],
        );
      }
    }
    await client.query('insert into bulk_load.geo_record (fileid, logrecno) select * from unnest($1::text[], $2::int[])', [
      data.geos.map((g) => g.fileid),
      data.geos.map((g) => g.logrecno),
    ]);
    await client.query('analyze bulk_load.geo_record, bulk_load.matrix, bulk_load.dictionary_item');
  } finally {
    await client.end();
  }
}

/** Empties data_element so each load starts equal; returns how many rows the last load left (a check). */
export async function resetElements(client: pg.Client): Promise<number> {
  const { rows } = await client.query<{ n: string }>('select count(*) as n from bulk_load.data_element');
  await client.query('truncate bulk_load.data_element');
  return Number(rows[0].n);
}
