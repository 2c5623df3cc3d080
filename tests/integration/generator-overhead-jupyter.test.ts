// The exported notebook in real Jupyter: generator-overhead (the quickest chapter) exported into a
// copy of the project, Deno's kernel registered with `deno jupyter --install` in a temporary
// folder, and `jupyter nbconvert --to notebook --execute` run on it as a user would, the notebook
// finding the checkout it sits in. Every experiment's code cell must come back with fresh outputs:
// the quick preset's rows (structure, never speeds), its chart, no error, and the stored results
// untouched. Also: a missing nbconvert or Deno says what to install.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeSandbox, ROOT, userEnv, type Sandbox } from '../helpers/sandbox.ts';
import { executeNotebook, findNbconvert, installDenoKernel, NBCONVERT_INSTALL } from '../../runners/jupyter/execute-fs.ts';
import { UserError } from '../../core/errors.ts';

const CHAPTER = 'generator-overhead';
const CELLS = ['generator-overhead/calls', 'generator-overhead/yield-from', 'generator-overhead/next-to-io'];
// The key column each cell's rows carry (its chart's series), as the tables show them.
const KEY: Record<string, string> = { calls: 'variant', 'yield-from': 'variant', 'next-to-io': 'operation' };

interface Output {
  output_type: string;
  data?: Record<string, string[]>;
  metadata?: { async_measured?: { cell: string; fresh: boolean; preset: string; rows: number; date: string } };
  ename?: string;
  evalue?: string;
}
interface Cell {
  id: string;
  cell_type: string;
  source: string[];
  execution_count?: number | null;
  outputs?: Output[];
  metadata: { async_measured?: { cell: string } };
}

function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv) {
  return new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
    execFile(command, args, { cwd, env, timeout: 120_000, maxBuffer: 64 << 20 }, (error, stdout, stderr) =>
      resolve({ status: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr }),
    );
  });
}

const resultsOf = (dir: string) =>
  Object.fromEntries(
    readdirSync(join(dir, 'public/results', CHAPTER), { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.json'))
      .map((f) => [f, readFileSync(join(dir, 'public/results', CHAPTER, f), 'utf8')]),
  );

let box: Sandbox;
let temp: string;
let env: NodeJS.ProcessEnv;
beforeAll(() => {
  box = makeSandbox();
  temp = mkdtempSync(join(tmpdir(), 'am-jupyter-'));
  // Jupyter's own folders in the temporary one too: nothing of this test reaches the user's home.
  env = userEnv({
    JUPYTER_DATA_DIR: join(temp, 'data'),
    JUPYTER_CONFIG_DIR: join(temp, 'config'),
    JUPYTER_RUNTIME_DIR: join(temp, 'runtime'),
    IPYTHONDIR: join(temp, 'ipython'),
    JUPYTER_PATH: '',
    ASYNC_MEASURED_ROOT: '',
    SITE_URL: '',
    BASE_PATH: '',
    // The kernel starts the runner with the Node running these tests.
    AM_NODE: process.execPath,
  });
});
afterAll(() => {
  box?.remove();
  if (temp) rmSync(temp, { recursive: true, force: true });
});

describe('an exported chapter in Jupyter, with Deno’s kernel', () => {
  it('executes end to end under nbconvert, each experiment showing fresh quick-preset rows', async () => {
    findNbconvert(env); // fails here, naming the packages, on a machine without it
    const started = new Date().toISOString();
    const stored = resultsOf(box.dir);
    const file = join(box.dir, `${CHAPTER}.ipynb`);
    const exported = await run(process.execPath, ['--import', 'tsx', 'runners/bin/export.ts', CHAPTER, '--out', file], box.dir, env);
    expect(exported.status, exported.stderr).toBe(0);

    const kernels = await installDenoKernel(ROOT, join(temp, 'kernels'));
    const kernel = JSON.parse(readFileSync(join(kernels, 'kernels/deno/kernel.json'), 'utf8')) as { argv: string[] };
    expect(kernel.argv.slice(1, 3)).toEqual(['jupyter', '--kernel']);
    // No root given: the notebook finds the checkout (the sandbox) from its own folder.
    await executeNotebook(file, { kernels, output: join(temp, 'executed.ipynb'), env });

    const nb = JSON.parse(readFileSync(join(temp, 'executed.ipynb'), 'utf8')) as {
      metadata: { kernelspec: { name: string } };
      cells: Cell[];
    };
    expect(nb.metadata.kernelspec.name).toBe('deno');
    const code = nb.cells.filter((c) => c.cell_type === 'code');
    for (const c of code) {
      expect(c.execution_count, c.id).toBeTypeOf('number');
      expect(c.outputs!.filter((o) => o.output_type === 'error').map((o) => `${o.ename}: ${o.evalue}`)).toEqual([]);
    }
    const experiments = code.filter((c) => c.metadata.async_measured);
    expect(experiments.map((c) => c.metadata.async_measured!.cell)).toEqual(CELLS);
    for (const c of experiments) {
      const id = c.metadata.async_measured!.cell;
      const fresh = c.outputs!.filter((o) => o.metadata?.async_measured?.fresh);
      expect(fresh, id).toHaveLength(1);
      const meta = fresh[0]!.metadata!.async_measured!;
      expect(meta).toMatchObject({ cell: id, preset: 'quick' });
      expect(meta.date >= started, `${id} ran at ${meta.date}, after ${started}`).toBe(true);
      expect(meta.rows, id).toBeGreaterThan(0);
      // Its table: one body row per row, under the cell's key column.
      const html = fresh[0]!.data!['text/html']!.join('');
      const ours = html.split('<p>')[1]!; // the run's rows, before the essay's figures
      expect(ours.match(/<tbody>[\s\S]*?<\/tbody>/)![0].match(/<tr>/g), id).toHaveLength(meta.rows);
      expect(ours, id).toContain(`<th>${KEY[id.split('/')[1]!]}</th>`);
      const svg = c.outputs!.find((o) => o.data?.['image/svg+xml']);
      expect(svg?.data?.['image/svg+xml']?.join(''), id).toMatch(/^<svg[\s\S]*<\/svg>$/);
      const line = c.outputs!.find((o) => o.data?.['text/markdown']);
      expect(line?.data?.['text/markdown']?.join(''), id).toMatch(/Run just now .*quick preset.*Not saved/);
    }
    // A notebook run is a reading: the stored results are as they were.
    expect(resultsOf(box.dir)).toEqual(stored);
  }, 300_000);

  it('names what to install when nbconvert is missing', async () => {
    expect(() => findNbconvert({ ...env, AM_JUPYTER: join(temp, 'no-jupyter') })).toThrow(/needs jupyter nbconvert/);
    const r = await run(
      process.execPath,
      ['--import', 'tsx', 'runners/bin/export.ts', CHAPTER, '--out', join(temp, 'x.ipynb'), '--execute'],
      box.dir,
      { ...env, AM_JUPYTER: join(temp, 'no-jupyter') },
    );
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('needs jupyter nbconvert to execute the notebook');
    expect(r.stderr).toContain(NBCONVERT_INSTALL);
  });

  it('names what to install when Deno is missing', async () => {
    const before = process.env.AM_RUNTIMES_DIR;
    process.env.AM_RUNTIMES_DIR = join(temp, 'no-runtimes');
    try {
      const error = await installDenoKernel(box.dir, join(temp, 'k2'), { install: false }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(UserError);
      expect((error as UserError).message).toMatch(/^needs deno for its Jupyter kernel: it is not installed/);
      expect((error as UserError).hint).toContain('npm run runtimes -- install deno');
    } finally {
      if (before === undefined) delete process.env.AM_RUNTIMES_DIR;
      else process.env.AM_RUNTIMES_DIR = before;
    }
  });
});
