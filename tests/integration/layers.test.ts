// The direction of the layers is checked by a tool (npm run lint:layers, part of npm test): an
// import against the direction fails, naming the importing file and the imported one.
import { describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../helpers/sandbox.ts';

const CLI = join(ROOT, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs');

function cruise(cwd: string, paths: string[]): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [CLI, ...paths, '--config', '.dependency-cruiser.cjs', '--output-type', 'err'],
      { cwd, maxBuffer: 8 << 20 },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, out: stdout + stderr }),
    );
  });
}

describe('layers', () => {
  it('refuses imports against the direction, naming both files', async () => {
    mkdirSync(join(ROOT, '.runs'), { recursive: true });
    const dir = mkdtempSync(join(ROOT, '.runs', 'layers-'));
    try {
      for (const entry of ['.dependency-cruiser.cjs', 'tsconfig.json', 'core', 'store', 'runners', 'export', 'src'])
        cpSync(join(ROOT, entry), join(dir, entry), { recursive: true });
      writeFileSync(
        join(dir, 'core/violation.ts'),
        "import { runCell } from '../runners/engine.ts';\nimport { readFileSync } from 'node:fs';\nexport const x = [runCell, readFileSync];\n",
      );
      writeFileSync(
        join(dir, 'src/client/violation.ts'),
        "import { readResults } from '../../store/results-fs.ts';\nexport const y = readResults;\n",
      );
      writeFileSync(join(dir, 'store/violation.ts'), "import { runCell } from '../runners/engine.ts';\nexport const z = runCell;\n");
      const r = await cruise(dir, ['core', 'store', 'runners', 'export', 'src']);
      expect(r.code).not.toBe(0);
      expect(r.out).toMatch(/core-imports-only-itself: core\/violation\.ts → runners\/engine\.ts/);
      expect(r.out).toMatch(/core-is-browser-safe: core\/violation\.ts → (node:)?fs/);
      expect(r.out).toMatch(/browser-code-stays-in-the-browser: src\/client\/violation\.ts → store\/results-fs\.ts/);
      expect(r.out).toMatch(/store-imports-only-core: store\/violation\.ts → runners\/engine\.ts/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
