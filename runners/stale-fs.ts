/** Reads a cell's local import graph (through esbuild, the parser tsx itself uses) and hashes it. */
import { readFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { build } from 'esbuild';
import { sourceHash, type HashInput } from './stale.ts';
import { runtimeId } from './provenance-fs.ts';
import type { SourceHash } from './protocol.ts';

/** Project files the cell imports, transitively, itself included; packages are left out. */
export async function localInputs(root: string, file: string): Promise<string[]> {
  try {
    const result = await build({
      entryPoints: [file],
      absWorkingDir: root,
      bundle: true,
      write: false,
      metafile: true,
      platform: 'node',
      format: 'esm',
      packages: 'external',
      logLevel: 'silent',
    });
    return Object.keys(result.metafile.inputs)
      .map((p) => resolve(root, p))
      .filter((p) => !p.includes('/node_modules/'));
  } catch {
    return [file]; // a cell that does not compile: its own source is all we can hash
  }
}

/** The hash a fresh results file for this cell would carry now. */
export async function currentHash(root: string, file: string): Promise<SourceHash> {
  const inputs: HashInput[] = (await localInputs(root, file)).map((p) => ({
    path: relative(root, p),
    content: readFileSync(p, 'utf8'),
  }));
  return sourceHash(inputs, runtimeId());
}
