/** Provenance of a run: what machine, runtime and commit produced a results file. */
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import type { Provenance } from '../core/protocol.ts';

/** The runtime as it goes into provenance and the stale hash. */
export function runtimeId(): string {
  return `node ${process.versions.node} (V8 ${process.versions.v8})`;
}

function git(root: string, args: string[]): string | null {
  try {
    return execFileSync('git', args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return null; // not a git checkout (a downloaded tarball): provenance says so with null
  }
}

/** Facts about this machine and checkout now; a cell's own facts come from its done record. */
export function collectProvenance(root: string, extra: Partial<Provenance> = {}): Provenance {
  const cpus = os.cpus();
  return {
    runtime: 'node',
    runtimeVersion: process.versions.node,
    cpu: cpus[0]?.model.trim() ?? 'unknown',
    cores: os.availableParallelism?.() ?? cpus.length,
    memoryBytes: os.totalmem(),
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    date: new Date().toISOString(),
    commit: git(root, ['rev-parse', '--short=12', 'HEAD']),
    // Results written by this very bench run do not make the sources dirty.
    dirty: (git(root, ['status', '--porcelain', '--untracked-files=no', '--', '.', ':!public/results']) ?? '') !== '',
    pinned: null,
    loadGenerator: null,
    database: null,
    ...extra,
  };
}
