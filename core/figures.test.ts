import { describe, expect, it } from 'vitest';
import { figureView, formatRatio } from './figures.ts';
import { resultsFile } from '../tests/helpers/results-file.ts';

const trials = [0, 1, 2, 3, 4].flatMap((trial) => [
  { server: 'A', trial, rps: [41000, 42100, 39800, 41230, 40500][trial]! },
  { server: 'B', trial, rps: [20500, 21050, 19900, 20615, 20250][trial]! },
]);
const results = resultsFile({ cell: 'servers/hello', rows: [{ server: 'A', rps: 41230 }], trials });

describe('figureView', () => {
  it('quotes a variant’s median with its interval, from the trials', () => {
    const f = figureView({ cell: 'servers/hello', measure: 'rps', where: { server: 'A' } }, results);
    expect(f.estimate.median).toBe(41000);
    expect(f.text).toMatch(/^41,000 \([\d,]+–[\d,]+\)$/);
  });

  it('quotes the ratio of two variants', () => {
    const f = figureView({ cell: 'servers/hello', measure: 'rps', a: { server: 'A' }, b: { server: 'B' } }, results);
    expect(f.kind).toBe('ratio');
    expect(f.text).toBe('2.00× (2.00×–2.00×)');
  });

  it('names the cell and the keys when nothing matches', () => {
    expect(() => figureView({ cell: 'servers/hello', measure: 'rps', where: { server: 'Z' } }, results)).toThrow(
      /servers\/hello: no rps where \{"server":"Z"\}/,
    );
  });

  it('quotes a row without trials (an extrapolation) with its own interval', () => {
    const r = resultsFile({ rows: [{ server: 'A', kb: 40, kbLo: 38, kbHi: 43, trials: 5 }], trials: [] });
    const f = figureView({ cell: 'x/y', measure: 'kb', where: { server: 'A' } }, r);
    expect(f.text).toBe('40 (38–43)');
    expect(f.estimate.n).toBe(5);
  });

  it('formats ratios for reading, small ones by significant digits', () => {
    expect([335.2, 3.517, 0.3, 0.0123].map(formatRatio)).toEqual(['335', '3.52', '0.30', '0.012']);
  });

  it('quotes a single run without an interval', () => {
    const f = figureView(
      { cell: 'x/y', measure: 'rps', where: { server: 'A' } },
      resultsFile({ rows: [{ server: 'A', rps: 5 }], trials: [] }),
    );
    expect(f.text).toBe('5');
  });
});
