import { resultsText } from './digest.ts';
import { describe, expect, it } from 'vitest';
import { checkContribution, machineFolderOf, placement, type MergeContext } from './merge.ts';
import { machineId } from '../core/machine.ts';
import { resultsFile } from '../tests/helpers/results-file.ts';
import type { ResultsFile } from '../core/protocol.ts';

const HASH = 'a'.repeat(64);
const context: MergeContext = {
  hasCell: (id) => id === 'ch/c',
  expectedHash: () => ({ value: HASH, from: "ch/c's sources now" }),
};

function valid(extra: Partial<ResultsFile> = {}): ResultsFile {
  const base = resultsFile();
  return resultsFile({
    provenance: { ...base.provenance, cpu: 'Apple M2', cores: 8, memoryBytes: 16 * 2 ** 30, os: 'Darwin 24.1.0 arm64', machine: 'laptop' },
    hash: { value: HASH, inputs: ['notebooks/ch/c.ts'], runtime: 'node 20.20.2 (V8 11.3.244.8-node.33)' },
    ...extra,
  });
}
const id = machineId(valid().provenance);
const check = (r: object, path = `artifacts/x/machines/${id}/ch/c.json`) => checkContribution(resultsText(r), path, context);
const reason = (r: object, path?: string) => {
  const c = check(r, path);
  return c.ok ? 'ok' : c.reason;
};

describe('checking a contributed results file', () => {
  it("places a valid file in its machine's folder, by runtime", () => {
    expect(check(valid())).toMatchObject({ ok: true, machine: id, runtime: 'node20', dest: `machines/${id}/ch/c.json` });
    const bun = valid({
      provenance: { ...valid().provenance, runtime: 'bun', runtimeVersion: '1.2.3' },
      hash: { ...valid().hash, runtime: 'bun 1.2.3' },
    });
    expect(check(bun, 'bun-results/ch/c.json')).toMatchObject({ ok: true, runtime: 'bun', dest: `machines/${id}/ch/c/bun.json` });
  });

  it('refuses what is not this project’s results', () => {
    expect(reason({ ...valid(), schema: 2 })).toMatch(/not this project's results schema \(schema 2/);
    expect(reason({ ...valid(), rows: 'many' })).toMatch(/does not match the results schema: rows:/);
    expect(checkContribution('{', 'x.json', context)).toMatchObject({ ok: false, reason: expect.stringMatching(/not valid JSON/) });
    expect(reason(valid({ cell: 'ch/other' }))).toMatch(/no cell "ch\/other"/);
  });

  it('refuses results whose source hash differs, experiments, dirty runs and unknown runtimes', () => {
    expect(reason(valid({ hash: { ...valid().hash, value: 'b'.repeat(64) } }))).toMatch(
      /its source hash does not match ch\/c's sources now: .*or edited by hand/,
    );
    expect(reason(valid({ origin: 'edited-code' }))).toMatch(/an experiment/);
    expect(reason(valid({ preset: 'custom' }))).toMatch(/not run with a preset/);
    expect(reason(valid({ rows: [] }))).toMatch(/no rows/);
    expect(reason(valid({ provenance: { ...valid().provenance, dirty: true } }))).toMatch(/uncommitted changes/);
    expect(reason(valid({ provenance: { ...valid().provenance, runtimeVersion: '18.0.0' } }))).toMatch(
      /node 18.0.0, is not one this project runs on/,
    );
    expect(reason(valid({ hash: { value: HASH, inputs: [] } }))).toMatch(/names no runtime/);
    expect(reason(valid({ hash: { ...valid().hash, runtime: 'bun 1.2.3' } }))).toMatch(
      /made on bun 1.2.3, but its provenance says node 20.20.2/,
    );
  });

  it("refuses a file outside its machine's folder, or at the wrong place in it", () => {
    expect(reason(valid(), 'machines/someone-else-0000/ch/c.json')).toMatch(
      `it sits in machines/someone-else-0000/, but its provenance names machine ${id}`,
    );
    expect(reason(valid(), `machines/${id}/ch/c/node22.json`)).toMatch(/it sits at ch\/c\/node22.json .* go to ch\/c.json/);
  });

  it('does not judge the hash when it cannot be known', () => {
    expect(
      checkContribution(resultsText(valid({ hash: { ...valid().hash, value: 'b'.repeat(64) } })), 'x.json', {
        ...context,
        expectedHash: () => undefined,
      }).ok,
    ).toBe(true);
  });
});

describe('placing a valid file', () => {
  const at = (preset: ResultsFile['preset'], date: string) => valid({ preset, provenance: { ...valid().provenance, date } });
  it('never lets a smaller preset or older results replace stored ones', () => {
    expect(placement(at('quick', '2026-02'), undefined, false)).toEqual({ action: 'add' });
    expect(placement(at('full', '2026-02'), at('full', '2026-02'), true)).toEqual({ action: 'unchanged' });
    expect(placement(at('quick', '2026-03'), at('full', '2026-01'), false)).toMatchObject({
      action: 'keep',
      reason: expect.stringMatching(/stored full results stay/),
    });
    expect(placement(at('full', '2026-01'), at('full', '2026-02'), false)).toMatchObject({ action: 'keep' });
    expect(placement(at('full', '2026-01'), at('quick', '2026-02'), false)).toEqual({ action: 'replace' });
    expect(placement(at('full', '2026-03'), at('full', '2026-02'), false)).toEqual({ action: 'replace' });
  });

  it('reads the machine folder from a path', () => {
    expect(machineFolderOf('a/results-x/machines/box-12ab/ch/c/bun.json')).toEqual({ folder: 'box-12ab', inside: 'ch/c/bun.json' });
    expect(machineFolderOf('ch/c.json')).toBeUndefined();
    expect(machineFolderOf('machines/box-12ab')).toBeUndefined();
  });
});
