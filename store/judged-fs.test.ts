import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { judgedLedger, storedFigure } from './judged-fs.ts';
import { saveResults } from './results-fs.ts';
import { resultsFile } from '../tests/helpers/results-file.ts';

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'am-judged-'));
  mkdirSync(join(root, 'content/ledgers'), { recursive: true });
  mkdirSync(join(root, 'content/charts'), { recursive: true });
  writeFileSync(join(root, 'content/charts/ch.json'), JSON.stringify({ c: { marks: [{ mark: 'dot', x: 'rps', y: 'server' }] } }));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const trials = [0, 1, 2, 3, 4].flatMap((trial) => [
  { server: 'A', trial, rps: 200 + trial },
  { server: 'B', trial, rps: 100 + trial },
]);

describe('judged from the files', () => {
  it('quotes a stored figure, says "not measured" for a cell without results, and refuses a figure matching nothing', () => {
    expect(storedFigure(root, { cell: 'ch/c', measure: 'rps', where: { server: 'A' } }, 'zh-cn')).toMatchObject({
      kind: 'missing',
      text: '（尚未测量）',
    });
    saveResults(root, resultsFile({ cell: 'ch/c', rows: [{ server: 'A' }, { server: 'B' }], trials }));
    expect(storedFigure(root, { cell: 'ch/c', measure: 'rps', where: { server: 'A' } }).text).toMatch(/^202 \(/);
    expect(() => storedFigure(root, { cell: 'ch/c', measure: 'rps', where: { server: 'Z' } })).toThrow(/no rps where/);
    // A torn file is the <Cell>'s to report; the figure reads as unmeasured.
    writeFileSync(join(root, 'public/results/ch/c.json'), '{ torn');
    expect(storedFigure(root, { cell: 'ch/c', measure: 'rps', where: { server: 'A' } }).kind).toBe('missing');
  });

  it('judges a chapter’s ledger against its cells’ results and names the machine', () => {
    const claim = {
      id: 'a-beats-b',
      claim: 'A beats B',
      essay: '§1',
      test: { cell: 'ch/c', measure: 'rps', better: 'higher', a: { server: 'A' }, b: { server: 'B' }, expect: 'better' },
    };
    writeFileSync(join(root, 'content/ledgers/ch.json'), JSON.stringify({ claims: [claim] }));
    expect(judgedLedger(root, 'ch', 'en').rows[0]).toMatchObject({ verdict: 'untested' });
    saveResults(
      root,
      resultsFile({
        cell: 'ch/c',
        rows: [
          { server: 'A', trials: 5 },
          { server: 'B', trials: 5 },
        ],
        trials,
      }),
    );
    const view = judgedLedger(root, 'ch', 'en');
    expect(view.rows[0]).toMatchObject({ verdict: 'holds', verdictText: 'holds' });
    expect(view.judgedOn[0]).toMatch(/5 trials per variant/);
  });
});
