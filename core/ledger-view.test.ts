import { describe, expect, it } from 'vitest';
import { judgeClaim, type Claim } from './ledger.ts';
import { ledgerView } from './ledger-view.ts';
import { resultsFile } from '../tests/helpers/results-file.ts';

const trials = [0, 1, 2, 3, 4].flatMap((trial) => [
  { server: 'A', trial, ms: 10 + trial * 0.1 },
  { server: 'B', trial, ms: 20 + trial * 0.2 },
]);
const results = resultsFile({ rows: [{ server: 'A' }, { server: 'B' }], trials });
const claims: Claim[] = [
  {
    id: 'a-faster',
    claim: 'A answers faster',
    essay: '§2',
    test: { cell: 'ch/c', measure: 'ms', better: 'lower', a: { server: 'A' }, b: { server: 'B' }, expect: 'better' },
  },
  { id: 'poller', claim: 'poll beats kqueue', essay: '§3', untested: 'Node does not expose the poller' },
];

describe('ledgerView', () => {
  it('shows each claim’s measured ratio (the measure’s own A ÷ B), verdict word and the machine', () => {
    const judged = claims.map((c) => judgeClaim(c, c.test ? results : undefined));
    const view = ledgerView(judged, 'en', (v) => `«${v}»`, [{ cell: 'ch/c', provenance: results.provenance, trials: 5 }]);
    expect(view.rows[0]).toMatchObject({ verdict: 'holds', verdictText: 'holds' });
    expect(view.rows[0]!.measured).toHaveLength(1);
    expect(view.rows[0]!.measured[0]).toMatch(/^«A» ÷ «B» = 0\.50 \(0\.\d\d–0\.\d\d\)$/);
    expect(view.rows[1]).toMatchObject({ verdict: 'untested', measured: ['Node does not expose the poller'] });
    expect(view.judgedOn[0]).toContain('2 cores');
    const zh = ledgerView(judged, 'zh-cn', String, []);
    expect(zh.rows[0]!.verdictText).toBe('成立');
  });

  it("shows each claim's values by the words of its own cell's chart", () => {
    const other: Claim = { ...claims[0]!, id: 'other', test: { ...claims[0]!.test!, cell: 'ch/other' } };
    const judged = [claims[0]!, other].map((c) => judgeClaim(c, results));
    const words: Record<string, Record<string, string>> = { 'ch/c': { A: 'server A' }, 'ch/other': { A: 'answerer A' } };
    const view = ledgerView(judged, 'en', (v, cell) => words[cell]?.[String(v)] ?? String(v), []);
    expect(view.rows.map((r) => r.measured[0]!.split(' = ')[0])).toEqual(['server A ÷ B', 'answerer A ÷ B']);
  });
});
