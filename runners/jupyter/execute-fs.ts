/**
 * Executing an exported notebook in real Jupyter, headless: `jupyter nbconvert --to notebook
 * --execute` with Deno's kernel. The kernel is registered with `deno jupyter --install` into a
 * folder of ours (never the user's own Jupyter folders), which the execution then finds through
 * JUPYTER_PATH. Used by `npm run export -- <chapter> --execute` and by the integration test.
 */
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { UserError } from '../../core/errors.ts';
import { KERNELSPEC, ROOT_ENV } from '../../export/jupyter.ts';
import { resolveRuntime, RuntimeMissingError, runtimesDir } from '../runtimes-fs.ts';

export const NBCONVERT_INSTALL =
  'install it with `apt-get install jupyter-nbconvert python3-nbclient python3-ipykernel` (Debian, Ubuntu) or `pip install nbconvert nbclient ipykernel`';

/** The `jupyter` command when its nbconvert answers (AM_JUPYTER names another), or a UserError naming what to install. */
export function findNbconvert(env: NodeJS.ProcessEnv = process.env): string {
  const jupyter = env.AM_JUPYTER || 'jupyter';
  try {
    execFileSync(jupyter, ['nbconvert', '--version'], { env, stdio: ['ignore', 'pipe', 'pipe'], timeout: 60_000 });
    return jupyter;
  } catch (error) {
    const e = error as { code?: string; stderr?: Buffer };
    const why = e.code === 'ENOENT' ? `\`${jupyter}\` is not on PATH` : (e.stderr?.toString().trim().split('\n').pop() ?? String(error));
    throw new UserError(`needs jupyter nbconvert to execute the notebook: ${why}`, NBCONVERT_INSTALL);
  }
}

/**
 * Registers Deno's kernel (the project's Deno, installed from npm on first use like any runtime)
 * in `dataDir`/kernels/deno and returns `dataDir`, for JUPYTER_PATH. `deno jupyter --install`
 * writes to Jupyter's user folder unless DENO_TEST_JUPYTER_PATH names another; HOME and
 * XDG_DATA_HOME point under `dataDir` too, so that nothing reaches the user's home whatever this
 * Deno reads.
 */
export async function installDenoKernel(
  root: string,
  dataDir: string,
  options: { onProgress?: (text: string) => void; install?: boolean } = {},
): Promise<string> {
  let deno: string;
  try {
    const { onProgress, install = true } = options;
    deno = (await resolveRuntime(root, 'deno', { install, ...(onProgress ? { onProgress } : {}) })).binary;
  } catch (error) {
    if (error instanceof RuntimeMissingError)
      throw new UserError(`needs deno for its Jupyter kernel: ${error.message.replace(/^needs deno: /, '')}`, error.hint);
    throw error;
  }
  const home = join(dataDir, 'home');
  mkdirSync(home, { recursive: true });
  const env = {
    ...process.env,
    DENO_TEST_JUPYTER_PATH: dataDir,
    HOME: home,
    XDG_DATA_HOME: home,
    DENO_NO_UPDATE_CHECK: '1',
    NO_COLOR: '1',
  };
  try {
    execFileSync(deno, ['jupyter', '--install', '--force'], { env, stdio: ['ignore', 'pipe', 'pipe'], timeout: 60_000 });
  } catch (error) {
    const e = error as { stderr?: Buffer };
    throw new UserError(
      `deno jupyter --install failed: ${e.stderr?.toString().trim() ?? String(error)}`,
      'npm run runtimes -- install deno',
    );
  }
  if (!existsSync(join(dataDir, 'kernels', KERNELSPEC.name, 'kernel.json')))
    throw new UserError(
      `deno jupyter --install did not write its kernel to ${dataDir}/kernels/${KERNELSPEC.name}`,
      'this Deno ignores DENO_TEST_JUPYTER_PATH: register the kernel yourself with `deno jupyter --install`',
    );
  return dataDir;
}

export interface ExecuteNotebookOptions {
  /** The checkout the notebook runs its cells in (ASYNC_MEASURED_ROOT); absent: the one it sits in. */
  root?: string;
  /** The folder `installDenoKernel` returned. */
  kernels: string;
  /** Where the executed notebook goes (default: over the input). */
  output?: string;
  /** Per cell, in seconds: the runner's own cap on a run, 15 minutes. */
  timeoutSeconds?: number;
  env?: NodeJS.ProcessEnv;
}

/** Runs `jupyter nbconvert --to notebook --execute` on `file`; rejects with nbconvert's own last words. */
export function executeNotebook(file: string, options: ExecuteNotebookOptions): Promise<{ stderr: string }> {
  const base = options.env ?? process.env;
  const jupyter = findNbconvert(base);
  const env: NodeJS.ProcessEnv = {
    ...base,
    JUPYTER_PATH: [options.kernels, base.JUPYTER_PATH].filter(Boolean).join(':'),
    ...(options.root ? { [ROOT_ENV]: options.root } : {}),
  };
  const args = ['nbconvert', '--to', 'notebook', '--execute', `--ExecutePreprocessor.timeout=${options.timeoutSeconds ?? 900}`];
  args.push(`--ExecutePreprocessor.kernel_name=${KERNELSPEC.name}`);
  args.push(...(options.output ? ['--output-dir', dirname(options.output), '--output', basename(options.output)] : ['--inplace']), file);
  return new Promise((resolve, reject) => {
    execFile(jupyter, args, { env, maxBuffer: 64 << 20 }, (error, _stdout, stderr) => {
      if (!error) return resolve({ stderr });
      const last = stderr.trim().split('\n').slice(-12).join('\n');
      reject(new UserError(`jupyter nbconvert could not execute ${file}:\n${last}`, 'the failing cell and its error are above'));
    });
  });
}

/** The folder Deno's kernel is registered in for `npm run export -- --execute`: beside the installed runtimes. */
export const kernelsDirOf = (root: string) => join(runtimesDir(root), 'jupyter');
