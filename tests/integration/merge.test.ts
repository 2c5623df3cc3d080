// `npm run merge` on fixture artifacts of several machines: what it adds, what it keeps, what it refuses and why.
import { resultsText } from '../../store/digest.ts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, userEnv } from '../helpers/sandbox.ts';
import {
  artifactPath,
  FIXTURE_CELL,
  fixtureResults,
  MACHINES,
  writeArtifact,
  writeMatrixArtifacts,
} from '../fixtures/machine-artifacts.ts';
import { machineId } from '../../core/machine.ts';
import { checkCommitted } from '../../store/merge-fs.ts';
import { execFileSync } from 'node:child_process';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

let dir: string;
let into: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'am-merge-'));
  into = join(dir, 'results');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function merge(...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'runners/bin/merge.ts', ...args],
      { cwd: ROOT, env: userEnv(), maxBuffer: 16 << 20 },
      (error, stdout, stderr) => resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr }),
    );
  });
}

const ids = MACHINES.map((m) => machineId({ ...m, machine: m.label }));

describe('npm run merge', () => {
  it('adds every machine and runtime of the matrix artifacts to machines/<id>/, once', async () => {
    const artifacts = join(dir, 'artifacts');
    const written = await writeMatrixArtifacts(artifacts);
    const first = await merge(artifacts, '--into', into);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/6 added, 0 replaced, 0 unchanged, 0 kept stored, 0 refused · machines: /);
    expect(new Set(ids).size).toBe(3);
    for (const id of ids) {
      const node20 = join(into, 'machines', id, `${FIXTURE_CELL}.json`);
      const node22 = join(into, 'machines', id, FIXTURE_CELL, 'node22.json');
      expect(existsSync(node20) && existsSync(node22)).toBe(true);
      expect(first.stdout).toContain(id);
    }
    // Copied byte for byte.
    const source = written.find((f) => f.includes(`${ids[0]}/${FIXTURE_CELL}/node22.json`))!;
    expect(readFileSync(join(into, 'machines', ids[0], FIXTURE_CELL, 'node22.json'), 'utf8')).toBe(readFileSync(source, 'utf8'));
    const again = await merge(artifacts, '--into', into);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/0 added, 0 replaced, 6 unchanged/);
  });

  it('never lets a quick run replace a full one of the same machine and runtime, nor older results newer ones', async () => {
    const m = MACHINES[0];
    writeArtifact(join(dir, 'a'), 'full', await fixtureResults(m, 'node20', { preset: 'full' }));
    expect((await merge(join(dir, 'a'), '--into', into)).code).toBe(0);
    const stored = readFileSync(join(into, 'machines', ids[0], `${FIXTURE_CELL}.json`), 'utf8');
    writeArtifact(join(dir, 'b'), 'quick', await fixtureResults(m, 'node20', { preset: 'quick', date: '2026-12-01T21:00:00.000Z' }));
    writeArtifact(join(dir, 'c'), 'old', await fixtureResults(m, 'node20', { preset: 'full', date: '2026-11-01T21:00:00.000Z' }));
    const run = await merge(join(dir, 'b'), join(dir, 'c'), '--into', into);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/0 added, 0 replaced, 0 unchanged, 2 kept stored, 0 refused/);
    expect(run.stderr).toMatch(/the stored full results stay: a quick run never replaces them/);
    expect(run.stderr).toMatch(/the stored results are newer/);
    expect(readFileSync(join(into, 'machines', ids[0], `${FIXTURE_CELL}.json`), 'utf8')).toBe(stored);
    // A newer full run does replace it.
    writeArtifact(join(dir, 'd'), 'new', await fixtureResults(m, 'node20', { preset: 'full', date: '2026-12-01T22:00:00.000Z' }));
    expect((await merge(join(dir, 'd'), '--into', into)).stdout).toMatch(/0 added, 1 replaced/);
  });

  it('refuses hand-edited (rows or hash), undigested, foreign-schema, unknown-cell, unknown-runtime and misplaced files, naming each, and adds the rest', async () => {
    const artifacts = join(dir, 'artifacts');
    const good = await fixtureResults(MACHINES[1], 'node20');
    writeArtifact(artifacts, 'good', good);
    const bad = (name: string, text: string, path = join(artifacts, 'bad', name)) => {
      mkdirSync(join(path, '..'), { recursive: true });
      writeFileSync(path, text);
      return path;
    };
    const json = (r: object) => resultsText(r); // as the runner writes them, digest included
    const edited = await fixtureResults(MACHINES[0], 'node20');
    edited.hash = { ...edited.hash, value: edited.hash.value.replace(/^./, (c) => (c === '0' ? '1' : '0')) };
    writeArtifact(artifacts, 'edited', edited);
    bad('foreign.json', json({ ...good, schema: 2 }));
    bad('not-results.json', json({ name: 'package', version: '1.0.0' }));
    bad('torn.json', '{ "schema": 1, ');
    bad('unknown-cell.json', json({ ...good, cell: 'no-such/cell' }));
    bad('node18.json', json({ ...good, provenance: { ...good.provenance, runtimeVersion: '18.20.0' } }));
    const rowEdited = JSON.parse(json(good));
    rowEdited.rows[0] = { ...rowEdited.rows[0], note: 'better' };
    bad('row-edited.json', JSON.stringify(rowEdited, null, 1));
    // Written without one (the committed file it is made from may carry its own): an older runner's shape.
    const { digest: _digest, ...undigested } = good as typeof good & { digest?: string };
    bad('no-digest.json', JSON.stringify(undigested, null, 1));
    const other = await fixtureResults(MACHINES[2], 'node20');
    const misplaced = artifactPath(artifacts, 'misplaced', good).replace(ids[1], ids[2]);
    writeArtifact(artifacts, 'misplaced', other, misplaced.replace(ids[2], `${ids[2].slice(0, -4)}0000`));
    const run = await merge(artifacts, '--into', into);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/1 added, 0 replaced, 0 unchanged, 0 kept stored, 9 refused/);
    const refused = (file: string, reason: RegExp) => expect(run.stderr).toMatch(new RegExp(`✗ [^\\n]*${file}: refused: ${reason.source}`));
    refused(
      `edited/machines/${ids[0]}/generator-overhead/calls.json`,
      /its source hash does not match generator-overhead\/calls's sources now/,
    );
    refused('bad/foreign.json', /it is not this project's results schema \(schema 2, this project reads 1\)/);
    refused('bad/not-results.json', /it is not this project's results schema/);
    refused('bad/torn.json', /it is not valid JSON/);
    refused('bad/unknown-cell.json', /the project has no cell "no-such\/cell"/);
    refused('bad/node18.json', /its runtime, node 18.20.0, is not one this project runs on/);
    refused('bad/row-edited.json', /its content digest does not match its content: it was edited after the runner wrote it/);
    refused('bad/no-digest.json', /it has no content digest/);
    refused('misplaced/machines/[^/]+/generator-overhead/calls.json', /it sits in machines\/.*0000\/, but its provenance names machine/);
    expect(existsSync(join(into, 'machines', ids[1], `${FIXTURE_CELL}.json`))).toBe(true);
    expect(existsSync(join(into, 'machines', ids[0]))).toBe(false);
  });

  it('with --dry-run checks and writes nothing', async () => {
    await writeMatrixArtifacts(join(dir, 'artifacts'));
    const run = await merge(join(dir, 'artifacts'), '--into', into, '--dry-run');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/6 added.*\(dry run: nothing written\)/);
    expect(existsSync(into)).toBe(false);
  });

  it("npm test's check of committed machines' results: judged at the commit each file names, in its machine's folder", async () => {
    const head = execFileSync('git', ['rev-parse', '--short=12', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
    const at = (commit: string | null) => async () => {
      const r = await fixtureResults(MACHINES[0], 'node20');
      return { ...r, provenance: { ...r.provenance, commit } };
    };
    const machines = join(dir, 'public/results/machines');
    writeArtifact(dir, 'public/results', await at(head)());
    expect(checkCommitted(ROOT, [machines])).toEqual([]);
    // A hash edited by hand fails; a commit this clone does not have cannot be judged.
    const edited = await at(head)();
    edited.hash = { ...edited.hash, value: 'e'.repeat(64) };
    writeArtifact(dir, 'public/results', edited);
    expect(checkCommitted(ROOT, [machines])).toEqual([
      {
        file: expect.stringContaining(ids[0]),
        reason: expect.stringMatching(`its source hash does not match the sources of commit ${head}`),
      },
    ]);
    writeArtifact(dir, 'public/results', { ...edited, provenance: { ...edited.provenance, commit: 'f'.repeat(12) } });
    expect(checkCommitted(ROOT, [machines])).toEqual([]);
    writeFileSync(join(machines, 'stray.json'), '{}');
    expect(checkCommitted(ROOT, [machines])).toEqual([
      { file: join(machines, 'stray.json'), reason: 'it is not inside a machines/<machine id>/ folder' },
    ]);
  });
});
