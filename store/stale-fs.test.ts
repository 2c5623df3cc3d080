import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { currentHash, localInputs } from './stale-fs.ts';

let root: string;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'am-stale-'));
  mkdirSync(join(root, 'ch/lib'), { recursive: true });
  writeFileSync(join(root, 'ch/cell.ts'), "import { pool } from './lib/pool.ts';\nimport { z } from 'zod';\nexport default pool;\n");
  writeFileSync(join(root, 'ch/lib/pool.ts'), "export const pool = new URL('./worker.mjs', import.meta.url);\n");
  writeFileSync(join(root, 'ch/lib/worker.mjs'), "import { helper } from './helper.mjs';\nexport default helper;\n");
  writeFileSync(join(root, 'ch/lib/helper.mjs'), 'export const helper = 1;\n');
  writeFileSync(join(root, 'ch/py-cell.ts'), "export const responder = new URL('./lib/responder.py', import.meta.url);\n");
  writeFileSync(join(root, 'ch/lib/responder.py'), 'import answers\n');
  writeFileSync(join(root, 'ch/lib/answers.py'), 'BYTES = b"ok"\n');
  mkdirSync(join(root, 'notebooks/lib'), { recursive: true });
  mkdirSync(join(root, 'notebooks/ch'), { recursive: true });
  writeFileSync(join(root, 'notebooks/ch/cell.py'), 'import asyncio\nfrom mine import x\nimport loadgen\n');
  writeFileSync(join(root, 'notebooks/ch/mine.py'), 'x = 1\n');
  writeFileSync(join(root, 'notebooks/lib/loadgen.py'), 'from pinning import plan\n');
  writeFileSync(join(root, 'notebooks/lib/pinning.py'), 'BRIDGE = "bridge.ts"\n');
  writeFileSync(join(root, 'notebooks/lib/bridge.ts'), "import { cpus } from './cpus.ts';\nconsole.log(cpus);\n");
  writeFileSync(join(root, 'notebooks/lib/cpus.ts'), 'export const cpus = 2;\n');
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('localInputs', () => {
  it('follows imports and modules loaded by URL (workers), but not packages', async () => {
    const inputs = (await localInputs(root, join(root, 'ch/cell.ts'))).map((p) => p.slice(root.length + 1)).sort();
    expect(inputs).toEqual(['ch/cell.ts', 'ch/lib/helper.mjs', 'ch/lib/pool.ts', 'ch/lib/worker.mjs']);
  });

  it("follows a Python cell's modules beside it and in notebooks/lib, the TS they run, and the Python host", async () => {
    const inputs = (await localInputs(root, join(root, 'notebooks/ch/cell.py'))).map((p) => p.slice(root.length + 1)).sort();
    expect(inputs).toEqual([
      'notebooks/ch/cell.py',
      'notebooks/ch/mine.py',
      'notebooks/lib/bridge.ts',
      'notebooks/lib/cpus.ts',
      'notebooks/lib/loadgen.py',
      'notebooks/lib/pinning.py',
      'runners/python/child.py',
      'runners/python/sdk.py',
    ]);
  });

  it('follows a Python script a TypeScript module starts by URL, and what it imports', async () => {
    const inputs = (await localInputs(root, join(root, 'ch/py-cell.ts'))).map((p) => p.slice(root.length + 1)).sort();
    expect(inputs).toEqual(['ch/lib/answers.py', 'ch/lib/responder.py', 'ch/py-cell.ts']);
    const before = await currentHash(root, join(root, 'ch/py-cell.ts'));
    writeFileSync(join(root, 'ch/lib/answers.py'), 'BYTES = b"changed"\n');
    expect((await currentHash(root, join(root, 'ch/py-cell.ts'))).value).not.toBe(before.value);
  });

  it('changes the hash when a worker module changes', async () => {
    const before = await currentHash(root, join(root, 'ch/cell.ts'));
    writeFileSync(join(root, 'ch/lib/helper.mjs'), 'export const helper = 2;\n');
    expect((await currentHash(root, join(root, 'ch/cell.ts'))).value).not.toBe(before.value);
  });
});
