// The static build refuses broken inputs with a message a person can act on.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeSandbox, type Sandbox } from '../helpers/sandbox.ts';
import { buildSite } from '../helpers/build.ts';

let box: Sandbox;
beforeEach(() => (box = makeSandbox()));
afterEach(() => box.remove());

const build = () => buildSite(box.dir);

const CHAPTER = 'content/docs/chapters/generator-overhead.mdx';

describe('build errors', () => {
  it('fails on a reference to a missing cell, naming the chapter, line and path', async () => {
    const file = join(box.dir, CHAPTER);
    const text =
      readFileSync(file, 'utf8') + "\n<Cell id=\"generator-overhead/no-such-cell\" chart={{ marks: [{ mark: 'dot', x: 'a' }] }} />\n";
    writeFileSync(file, text);
    const line = text.split('\n').findIndex((l) => l.includes('no-such-cell')) + 1;
    const { code, output } = await build();
    expect(code).not.toBe(0);
    expect(output).toContain('notebooks/generator-overhead/no-such-cell.ts (or .py) does not exist');
    expect(output).toContain(`generator-overhead.mdx:${line}`);
  });

  it('fails on a corrupt results file, naming it and what to do', async () => {
    writeFileSync(join(box.dir, 'public/results/generator-overhead/calls.json'), '{"schema": 1, "rows": [');
    const { code, output } = await build();
    expect(code).not.toBe(0);
    expect(output).toContain('public/results/generator-overhead/calls.json is not a valid results file: it is not valid JSON');
    expect(output).toContain('npm run bench -- generator-overhead/calls');
  });
});
