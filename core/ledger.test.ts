import { describe, expect, it } from 'vitest';
import { judgeClaim, Ledger, machineAgreement, type Claim } from './ledger.ts';
import { resultsFile } from '../tests/helpers/results-file.ts';

// Fabricated trials: A clearly ahead with keep-alive, level with a new connection per request.
const trials = [0, 1, 2, 3, 4].flatMap((trial) => [
  { server: 'A', shape: 'keep-alive', trial, rps: 1300 + trial * 7 },
  { server: 'B', shape: 'keep-alive', trial, rps: 1000 + trial * 5 },
  { server: 'A', shape: 'close', trial, rps: [1000, 980, 1020, 1010, 990][trial]! },
  { server: 'B', shape: 'close', trial, rps: [990, 1010, 1000, 1005, 995][trial]! },
]);
const rows = ['keep-alive', 'close'].flatMap((shape) => ['A', 'B'].map((server) => ({ server, shape, rps: 0 })));
const results = resultsFile({ rows, trials });

const claim = (test: Partial<NonNullable<Claim['test']>> = {}): Claim => ({
  id: 'a-beats-b',
  claim: 'A is faster than B',
  essay: '2 vs 1',
  test: { cell: 'ch/c', measure: 'rps', better: 'higher', a: { server: 'A' }, b: { server: 'B' }, expect: 'better', ...test },
});

describe('judgeClaim', () => {
  it('judges each condition from trials and combines them: holds here, within noise there → depends', () => {
    const r = judgeClaim(claim({ across: 'shape' }), results);
    expect(r.conditions.map((c) => [c.condition, c.verdict])).toEqual([
      [{ shape: 'keep-alive' }, 'holds'],
      [{ shape: 'close' }, 'within noise'],
    ]);
    expect(r.verdict).toBe('depends');
    expect(r.conditions[0]!.advantage.median).toBeGreaterThan(1.25);
  });

  it('reverses the ratio for times (lower is better) and for a claim the data contradicts', () => {
    const keep = { shape: 'keep-alive' };
    expect(judgeClaim(claim({ a: { server: 'B', ...keep }, b: { server: 'A', ...keep } }), results).verdict).toBe('does not hold');
    expect(judgeClaim(claim({ better: 'lower', a: { server: 'B', ...keep }, b: { server: 'A', ...keep } }), results).verdict).toBe('holds');
  });

  it('calls a condition the load generator capped unmeasurable, and never ranks it', () => {
    const capped = resultsFile({ trials, rows: rows.map((r) => ({ ...r, generatorLimited: r.shape === 'keep-alive' })) });
    const r = judgeClaim(claim({ across: 'shape' }), capped);
    expect(r.conditions[0]!.verdict).toBe('unmeasurable');
    expect(r.verdict).toBe('within noise');
  });

  it('keeps an order the capped variant won on a rate (a lower bound), and no other', () => {
    const keep = { shape: 'keep-alive' };
    const cappedOnly = (server: string) =>
      resultsFile({ trials, rows: rows.map((r) => ({ ...r, generatorLimited: r.shape === 'keep-alive' && r.server === server })) });
    // A wins and A was capped: A can only be faster still.
    expect(judgeClaim(claim({ a: { server: 'A', ...keep }, b: { server: 'B', ...keep } }), cappedOnly('A')).verdict).toBe('holds');
    // A wins but B, the loser, was capped: B may be faster than measured.
    expect(judgeClaim(claim({ a: { server: 'A', ...keep }, b: { server: 'B', ...keep } }), cappedOnly('B')).verdict).toBe('unmeasurable');
    // A time (lower is better) under a capped generator bounds nothing.
    expect(judgeClaim(claim({ better: 'lower', a: { server: 'B', ...keep }, b: { server: 'A', ...keep } }), cappedOnly('A')).verdict).toBe(
      'unmeasurable',
    );
  });

  it('checks a ratio against the essay’s target', () => {
    const keep = { shape: 'keep-alive' };
    const ratio = (target: number) =>
      claim({ a: { server: 'A', ...keep }, b: { server: 'B', ...keep }, ratio: { target, tolerance: 0.1 } });
    expect(judgeClaim(ratio(1.3), results).verdict).toBe('holds');
    expect(judgeClaim(ratio(3), results).verdict).toBe('does not hold');
  });

  it('says untested without results, and too few trials on rows of single runs', () => {
    expect(judgeClaim(claim(), undefined).verdict).toBe('untested');
    const single = resultsFile({
      rows: [
        { server: 'A', rps: 2 },
        { server: 'B', rps: 1 },
      ],
      trials: [],
    });
    expect(judgeClaim(claim(), single).verdict).toBe('too few trials');
  });

  it('checks each variant against a bound, one condition per combination of the across fields', () => {
    const bound = (value: number) => claim({ b: undefined, expect: undefined, a: {}, bound: value, across: ['server', 'shape'] });
    const above = judgeClaim(bound(900), results);
    expect(above.conditions).toHaveLength(4);
    expect(above.conditions[0]!.condition).toEqual({ server: 'A', shape: 'keep-alive' });
    expect(above.verdict).toBe('holds'); // every rps is above 900
    expect(judgeClaim(bound(2000), results).verdict).toBe('does not hold');
    expect(judgeClaim(bound(1000), results).verdict).toBe('depends');
  });

  it('refuses a claim with neither a test nor a reason it is untested', () => {
    expect(Ledger.safeParse({ claims: [{ id: 'x', claim: 'c', essay: 'e' }] }).success).toBe(false);
    expect(Ledger.safeParse({ claims: [{ id: 'x', claim: 'c', essay: 'e', untested: 'no poller on Node' }] }).success).toBe(true);
  });
});

describe('ratio claims', () => {
  it('judge the measure’s own A ÷ B, for times as for rates', () => {
    const t = [0, 1, 2, 3, 4].flatMap((trial) => [
      { v: 'slow', trial, s: 6 + trial * 0.01 },
      { v: 'fast', trial, s: 1 + trial * 0.002 },
    ]);
    const r = resultsFile({ rows: [{ v: 'slow' }, { v: 'fast' }], trials: t });
    const sixTimes: Claim = {
      id: 'six',
      claim: 'slow takes six times as long',
      essay: '§',
      test: { cell: 'ch/c', measure: 's', better: 'lower', a: { v: 'slow' }, b: { v: 'fast' }, ratio: { target: 6, tolerance: 0.1 } },
    };
    expect(judgeClaim(sixTimes, r).verdict).toBe('holds');
    expect(judgeClaim({ ...sixTimes, test: { ...sixTimes.test!, a: { v: 'fast' }, b: { v: 'slow' } } }, r).verdict).toBe('does not hold');
  });
});

describe('machineAgreement', () => {
  it('counts the machines whose like results give the reference verdict', () => {
    const c = claim({ a: { server: 'A', shape: 'keep-alive' }, b: { server: 'B', shape: 'keep-alive' } });
    const reversed = resultsFile({ rows, trials: trials.map((t) => ({ ...t, server: t.server === 'A' ? 'B' : 'A' })) });
    expect(machineAgreement(c, 'holds', [results, reversed, undefined])).toEqual({ n: 2, of: 3 });
    expect(machineAgreement(c, 'holds', [undefined])).toBeUndefined();
    expect(machineAgreement(c, 'untested', [results])).toBeUndefined();
  });
});
