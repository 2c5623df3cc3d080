/** Provenance of a run: what machine, runtime and commit produced a results file. */
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import type { Provenance } from '../core/protocol.ts';
import { runtimeIdentity, runtimeSelf, type RuntimeSelf } from '../core/runtimes.ts';

/** The Node running this process, as it goes into the stale hash: "node 20.20.2 (V8 11.3.244.8-node.33)". */
export function runtimeId(): string {
  return runtimeIdentity(runtimeSelf({ versions: { node: process.versions.node, v8: process.versions.v8 } }));
}

function git(root: string, args: string[]): string | null {
  try {
    return execFileSync('git', args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return null; // not a git checkout (a downloaded tarball): provenance says so with null
  }
}

/**
 * Facts about this machine and checkout now; the runtime is the one the cell's process reported
 * (by default the Node running this process), and a cell's own facts come from its done record.
 */
export function collectProvenance(root: string, extra: Partial<Provenance> = {}, runtime?: RuntimeSelf): Provenance {
  const cpus = os.cpus();
  return {
    runtime: runtime?.name ?? 'node',
    runtimeVersion: runtime?.version ?? process.versions.node,
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
