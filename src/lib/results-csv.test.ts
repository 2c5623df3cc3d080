import { describe, expect, it } from 'vitest';
import { csvParse } from 'd3-dsv';
import { resultsCsv } from './results-csv.ts';

describe('resultsCsv', () => {
  it('puts our rows and the essay’s in one table with a source column, quoting what needs it', () => {
    const csv = resultsCsv({
      rows: [
        { variant: 'plain, inlined', ns: 0.31 },
        { variant: 'gen', ns: 42.8, extra: true },
      ],
      reference: [{ variant: 'gen', ns: 1253 }],
    });
    expect(csv.split('\n')[0]).toBe('source,variant,ns,extra');
    expect(csv).toContain('"plain, inlined"');
    const back = csvParse(csv);
    expect(back.map((r) => [r.source, r.variant, r.ns, r.extra])).toEqual([
      ['measured', 'plain, inlined', '0.31', ''],
      ['measured', 'gen', '42.8', 'true'],
      ['essay', 'gen', '1253', ''],
    ]);
  });
});
