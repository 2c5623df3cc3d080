import { describe, expect, it } from 'vitest';
import { ITEM_QUERY, itemParams, itemTable } from './db-query.ts';

describe('the query', () => {
  it('looks a row up by primary key and waits inside PostgreSQL', () => {
    expect(ITEM_QUERY).toMatch(/WHERE item\.id = \$1/);
    expect(ITEM_QUERY).toMatch(/pg_sleep\(\$2\)/);
  });
  it('takes the id and the wait in seconds, as text', () => {
    expect(itemParams(42, 5)).toEqual(['42', '0.005']);
    expect(itemParams(1, 20)).toEqual(['1', '0.02']);
  });
});

describe('the table', () => {
  it('has a primary key, ids 1..rows, and fresh statistics', () => {
    const sql = itemTable(10_000);
    expect(sql[0]).toMatch(/id int PRIMARY KEY/);
    expect(sql[1]).toContain('generate_series(1, 10000)');
    expect(sql[2]).toBe('ANALYZE item');
  });
  it('refuses a row count that is not a positive integer', () => {
    expect(() => itemTable(0)).toThrow(/positive integer/);
    expect(() => itemTable(1.5)).toThrow(/positive integer/);
  });
});
