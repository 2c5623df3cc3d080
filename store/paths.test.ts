import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveInside } from './paths.ts';

let root: string;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'am-paths-'));
  mkdirSync(join(root, 'notebooks/ch'), { recursive: true });
  symlinkSync('/etc', join(root, 'notebooks/escape'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('resolveInside', () => {
  const base = () => join(root, 'notebooks');

  it('allows files inside, existing or not', () => {
    expect(resolveInside(base(), 'ch/cell.ts')).toBe(join(root, 'notebooks/ch/cell.ts'));
    expect(resolveInside(base(), 'ch/new/deeper.ts')).toBe(join(root, 'notebooks/ch/new/deeper.ts'));
  });

  it('refuses .., absolute paths and symlinks that lead out', () => {
    expect(() => resolveInside(base(), '../package.json')).toThrow(/outside/);
    expect(() => resolveInside(base(), 'ch/../../x')).toThrow(/outside/);
    expect(() => resolveInside(base(), '/etc/passwd')).toThrow(/outside/);
    expect(() => resolveInside(base(), 'escape/passwd')).toThrow(/outside/);
  });
});
