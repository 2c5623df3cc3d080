// `npm run bench -- --out DIR --machine LABEL` in a copy of the project: this machine's results go to
// DIR/machines/<id>/, never to the reference machine's root; a quick run keeps a full one; merge adds them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeSandbox, ROOT, userEnv, type Sandbox } from '../helpers/sandbox.ts';
import { runBench } from '../helpers/bench.ts';
import { ResultsFile } from '../../core/protocol.ts';
import { machineId } from '../../core/machine.ts';

let box: Sandbox;
beforeAll(() => {
  box = makeSandbox();
  mkdirSync(join(box.dir, 'notebooks/tiny'), { recursive: true });
  writeFileSync(
    join(box.dir, 'notebooks/tiny/ok.ts'),
    readFileSync(join(ROOT, 'tests/fixtures/cells/ok.ts'), 'utf8').replaceAll('../../../runners/', '../../runners/'),
  );
});
afterAll(() => box.remove());

// INIT_CWD: where `npm run` was typed, which relative paths are resolved against.
const bench = (args: string[], env: Record<string, string> = {}) => runBench(box.dir, args, { INIT_CWD: box.dir, ...env });
const read = (file: string) => ResultsFile.parse(JSON.parse(readFileSync(file, 'utf8')));

describe('bench for another machine', () => {
  it('writes under --out DIR/machines/<id>/, keeps full results on --quick, and leaves the root alone', async () => {
    const full = await bench(['tiny/ok', '--out', 'out', '--machine', 'CI box']);
    expect(full.status, full.stderr).toBe(0);
    const id = /This machine is (\S+): its results are in out\/machines\/\1\//.exec(full.stderr)?.[1];
    expect(id).toMatch(/^ci-box-.*-[0-9a-f]{4}$/);
    const file = join(box.dir, 'out/machines', id!, 'tiny/ok.json');
    const stored = read(file);
    expect(stored.preset).toBe('full');
    expect(stored.provenance.machine).toBe('CI box');
    expect(machineId(stored.provenance)).toBe(id);
    expect(full.stderr).toContain(`→ out/machines/${id}/tiny/ok.json`);
    expect(existsSync(join(box.dir, 'public/results/tiny'))).toBe(false);

    const quick = await bench(['tiny/ok', '--quick', '--out', 'out', '--machine', 'CI box']);
    expect(quick.status, quick.stderr).toBe(0);
    expect(quick.stderr).toMatch(/kept in history: the stored full results stay/);
    expect(read(file).preset).toBe('full');
    const list = await bench(['--list', 'tiny/ok', '--out', 'out', '--machine', 'CI box']);
    expect(list.stdout).toMatch(/tiny\/ok\s+node20\s+measured\s+.*\(full\)/);

    // $AM_MACHINE alone: the label, and public/results/machines/<id>/ as the root.
    const env = await bench(['tiny/ok', '--quick'], { AM_MACHINE: 'laptop' });
    expect(env.status, env.stderr).toBe(0);
    const laptop = /This machine is (laptop-\S+):/.exec(env.stderr)?.[1];
    expect(read(join(box.dir, 'public/results/machines', laptop!, 'tiny/ok.json')).preset).toBe('quick');
    expect(existsSync(join(box.dir, 'public/results/tiny'))).toBe(false);

    const bad = await bench(['tiny/ok', '--machine', '!!']);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/machine label "!!" has no letters or digits/);

    // What bench wrote, merge adds (checked against the same sources).
    const merged = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
      execFile(
        process.execPath,
        ['--import', 'tsx', 'runners/bin/merge.ts', 'out'],
        { cwd: box.dir, env: userEnv({ INIT_CWD: box.dir }) },
        (error, stdout, stderr) => resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr }),
      ),
    );
    expect(merged.code, merged.stderr).toBe(0);
    expect(merged.stdout).toMatch(/1 added, 0 replaced/);
    expect(readFileSync(join(box.dir, 'public/results/machines', id!, 'tiny/ok.json'), 'utf8')).toBe(readFileSync(file, 'utf8'));
  });
});
