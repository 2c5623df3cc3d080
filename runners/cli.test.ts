import { describe, expect, it } from 'vitest';
import { parseArgs } from 'node:util';
import { cliFailure } from './cli.ts';
import { UserError } from '../core/errors.ts';

describe('cliFailure', () => {
  it('prints a UserError with its hint and its exit code', () => {
    expect(cliFailure('export', new UserError('unknown chapter "x"', 'chapters: a, b', 3))).toEqual({
      text: 'export: unknown chapter "x"\n  hint: chapters: a, b\n',
      code: 3,
    });
  });

  it('points a mistyped option at --help instead of calling it a bug', () => {
    let error: unknown;
    try {
      parseArgs({ args: ['--nope'], options: {} });
    } catch (e) {
      error = e;
    }
    const { text, code } = cliFailure('bench', error);
    expect(text).toMatch(/^bench: Unknown option '--nope'.*\n {2}hint: npm run bench -- --help\n$/s);
    expect(code).toBe(1);
  });

  it('reports anything else as a bug, with its stack', () => {
    const { text, code } = cliFailure('bench', new Error('boom'));
    expect(text).toMatch(/^bench: unexpected error \(please report it\): Error: boom\n\s+at /);
    expect(code).toBe(70);
  });
});
