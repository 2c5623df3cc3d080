import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cannotRunOn, readChapterRuntimes } from './runtime-support-fs.ts';
import { listCells } from './cells-fs.ts';

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'am-support-'));
  mkdirSync(join(root, 'notebooks/ch'), { recursive: true });
  for (const name of ['a', 'b']) writeFileSync(join(root, `notebooks/ch/${name}.ts`), 'export {};\n');
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const cell = (name: string) => listCells(root, 'ch').find((c) => c.id === `ch/${name}`)!;
const declare = (value: unknown) => writeFileSync(join(root, 'notebooks/ch/runtimes.json'), JSON.stringify(value));

describe("a chapter's runtimes.json", () => {
  it('is optional: without it every cell may run anywhere', () => {
    expect(readChapterRuntimes(root, 'ch')).toBeUndefined();
    expect(cannotRunOn(root, cell('a'), 'bun')).toBeUndefined();
  });

  it('gives the reason a cell cannot run on a runtime, and nothing for the others', () => {
    declare({ a: { onlyOn: ['node20'], because: 'a native addon for Node 20' }, b: { cannotRunOn: { deno: 'no such API' } } });
    expect(cannotRunOn(root, cell('a'), 'bun')).toBe('a native addon for Node 20');
    expect(cannotRunOn(root, cell('a'), 'node20')).toBeUndefined();
    expect(cannotRunOn(root, cell('b'), 'deno')).toBe('no such API');
    expect(cannotRunOn(root, cell('b'), 'bun')).toBeUndefined();
    expect(listCells(root, 'ch').map((c) => c.id)).toEqual(['ch/a', 'ch/b']); // the file is not a cell
  });

  it('refuses a cell name that is not a cell of the chapter (a typo, a renamed cell)', () => {
    declare({ c: { cannotRunOn: { bun: 'x' } } });
    expect(() => readChapterRuntimes(root, 'ch')).toThrow('notebooks/ch/runtimes.json names "c", not a cell of ch');
  });

  it('declares nothing for a file outside the chapters', () => {
    expect(cannotRunOn(root, { file: join(root, 'x.ts'), relFile: 'x.ts' }, 'bun')).toBeUndefined();
  });
});
