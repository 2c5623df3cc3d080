// The benchmark-matrix workflow: it parses, runs the steps .ci/run exercises, and its merge step
// (the exact command in the YAML) adds fixture artifacts of several machines, or fails on a bad one.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import yaml from 'js-yaml';
import { makeSandbox, ROOT, userEnv, type Sandbox } from '../helpers/sandbox.ts';
import { RUNTIME_IDS } from '../../core/runtimes.ts';
import { FIXTURE_CELL, MACHINES, writeMatrixArtifacts } from '../fixtures/machine-artifacts.ts';
import { machineId } from '../../core/machine.ts';

interface Step {
  name?: string;
  id?: string;
  'continue-on-error'?: boolean;
  uses?: string;
  run?: string;
  if?: string;
  with?: Record<string, unknown>;
}
interface Job {
  needs?: string | string[];
  'runs-on': string;
  strategy?: { matrix: Record<string, unknown[]> };
  steps: Step[];
}
interface Workflow {
  on: { workflow_dispatch: { inputs: Record<string, { options?: string[] }> } };
  jobs: Record<string, Job>;
}

const workflow = yaml.load(readFileSync(join(ROOT, '.github/workflows/bench-matrix.yml'), 'utf8')) as Workflow;
const scripts = Object.keys(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).scripts);
/** A GitHub Actions expression as the YAML writes it. */
const expr = (e: string) => `\${{ ${e} }}`;
const runs = (job: Job) => job.steps.flatMap((s) => (s.run ? [s.run] : []));
const bench = workflow.jobs.bench;
const merge = workflow.jobs.merge;
const mergeStep = merge.steps.find((s) => s.run?.startsWith('npm run merge'))!;
const download = merge.steps.find((s) => s.uses?.startsWith('actions/download-artifact@'))!;

function sh(command: string, cwd: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) =>
    execFile('sh', ['-c', command], { cwd, env: userEnv({ INIT_CWD: cwd }), maxBuffer: 16 << 20 }, (error, stdout, stderr) =>
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr }),
    ),
  );
}

describe('bench-matrix workflow', () => {
  it('is a matrix of runner images × the runtime table, with a quick or full preset', () => {
    expect(workflow.on.workflow_dispatch.inputs.preset.options).toEqual(['quick', 'full']);
    expect(bench.strategy!.matrix.image).toEqual(expect.arrayContaining(['ubuntu-24.04', 'ubuntu-22.04', 'ubuntu-24.04-arm']));
    expect(bench.strategy!.matrix.runtime).toEqual([...RUNTIME_IDS]);
    expect(bench['runs-on']).toBe(expr('matrix.image'));
  });

  it('runs the steps .ci/run exercises, and only npm scripts that exist', () => {
    const ci = readFileSync(join(ROOT, '.ci/run'), 'utf8');
    const packages = [...ci.matchAll(/need\+=\(([\w.-]+)\)/g), ...ci.matchAll(/\b\w+:(python3-[\w-]+)/g)]
      .map((m) => m[1])
      .filter((p) => p !== 'chromium');
    expect(packages).toEqual(expect.arrayContaining(['libpq-dev', 'wrk', 'apache2-utils', 'python3-aiohttp', 'gunicorn']));
    const apt = runs(bench).find((r) => r.includes('apt-get install'))!;
    for (const p of packages) expect(apt).toContain(p);
    expect(runs(bench)).toContain('npm ci --no-audit --no-fund');
    expect(ci).toMatch(/npm run runtimes -- install/);
    expect(runs(bench).some((r) => r.startsWith(`npm run runtimes -- install ${expr('matrix.runtime')}`))).toBe(true);
    const benchRun = runs(bench).find((r) => r.startsWith('npm run bench'))!;
    expect(benchRun).toMatch(/^npm run bench -- --out results --machine \$\{\{ matrix\.image \}\} --runtime \$\{\{ matrix\.runtime \}\}/);
    const upload = bench.steps.find((s) => s.uses?.startsWith('actions/upload-artifact@'))!;
    expect(upload.with!.path).toBe('results/');
    for (const job of Object.values(workflow.jobs))
      for (const r of runs(job)) for (const m of r.matchAll(/npm run (\S+)/g)) expect(scripts).toContain(m[1]);
  });

  it('merges every artifact with npm run merge, then opens a pull request of public/results/machines/', () => {
    expect(merge.needs).toBe('bench');
    expect(mergeStep.run).toBe(`npm run merge -- ${download.with!.path} --report merge-report.md`);
    const steps = merge.steps.map((s) => s.uses ?? s.run);
    const pr = merge.steps.findIndex((s) => s.uses?.startsWith('peter-evans/create-pull-request@'));
    expect(pr).toBeGreaterThan(steps.indexOf(mergeStep.run));
    expect(merge.steps[pr].with!['add-paths']).toBe('public/results/machines/**');
    // One refused file neither stops the pull request nor passes unseen.
    expect(mergeStep['continue-on-error']).toBe(true);
    expect(merge.steps[pr].with!['body-path']).toBe('merge-report.md');
    const fail = merge.steps.findIndex((s) => s.if?.includes(`steps.${mergeStep.id}.outcome == 'failure'`));
    expect(fail).toBeGreaterThan(pr);
    expect(merge.steps[fail].run).toMatch(/exit 1/);
  });

  describe('its merge step, on fixture artifacts of three machines', () => {
    let box: Sandbox;
    beforeAll(() => (box = makeSandbox()));
    afterAll(() => box.remove());

    it('adds them all under public/results/machines/<id>/ and leaves the reference results alone', async () => {
      const reference = readFileSync(join(box.dir, 'public/results', `${FIXTURE_CELL}.json`), 'utf8');
      await writeMatrixArtifacts(join(box.dir, download.with!.path as string));
      const run = await sh(mergeStep.run!, box.dir);
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout).toMatch(/6 added, 0 replaced, 0 unchanged, 0 kept stored, 0 refused/);
      const ids = MACHINES.map((m) => machineId({ ...m, machine: m.label }));
      expect(readdirSync(join(box.dir, 'public/results/machines')).sort()).toEqual([...ids].sort());
      for (const id of ids) expect(readdirSync(join(box.dir, 'public/results/machines', id, FIXTURE_CELL))).toEqual(['node22.json']);
      expect(readFileSync(join(box.dir, 'public/results', `${FIXTURE_CELL}.json`), 'utf8')).toBe(reference);
    });

    it('leaves out a hand-edited file, names it in the report, and still adds the others', async () => {
      const artifacts = join(box.dir, download.with!.path as string);
      const [one] = (await writeMatrixArtifacts(artifacts)).filter((f) => f.endsWith('calls.json'));
      const edited = JSON.parse(readFileSync(one, 'utf8'));
      edited.hash.value = 'f'.repeat(64);
      writeFileSync(one, JSON.stringify(edited, null, 1));
      rmSync(join(box.dir, 'public/results/machines'), { recursive: true, force: true });
      const run = await sh(mergeStep.run!, box.dir);
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(/calls\.json: refused: its source hash does not match/);
      expect(run.stdout).toMatch(/5 added, 0 replaced, 0 unchanged, 0 kept stored, 1 refused/);
      const report = readFileSync(join(box.dir, 'merge-report.md'), 'utf8');
      expect(report).toMatch(/\*\*1 file was refused\*\*/);
      expect(report.split('\n').find((l) => l.startsWith('| refused |'))).toMatch(/calls\.json.*source hash does not match/);
      expect(report.split('\n').filter((l) => l.startsWith('| added |'))).toHaveLength(5);
    });
  });
});
