import { afterEach, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findCell, listCells } from './cells-fs.ts';

let root: string;
afterEach(() => rmSync(root, { recursive: true, force: true }));

function project(files: string[]): string {
  root = mkdtempSync(join(tmpdir(), 'am-cells-'));
  for (const f of files) {
    mkdirSync(join(root, 'notebooks', f, '..'), { recursive: true });
    writeFileSync(join(root, 'notebooks', f), '');
  }
  return root;
}

describe('listCells', () => {
  it('finds TypeScript and Python cells; helpers, tests and snake_case modules are not cells', () => {
    project(['ch/a.ts', 'ch/b-py.py', 'ch/a.test.ts', 'ch/my_helper.py', 'ch/lib/x.ts']);
    expect(listCells(root).map((c) => c.id)).toEqual(['ch/a', 'ch/b-py']);
    expect(findCell(root, 'ch/b-py').relFile).toBe('notebooks/ch/b-py.py');
  });

  it('refuses two files with one id, naming both', () => {
    project(['ch/calls.ts', 'ch/calls.py']);
    expect(() => listCells(root)).toThrow(/two cells are "ch\/calls": notebooks\/ch\/calls\.py and notebooks\/ch\/calls\.ts/);
  });
});
