import { describe, expect, it } from 'vitest';
import { cleanMessage, isSyntaxError, locateError } from './error-location.ts';

const runner = '/p/runners/';

describe('locateError', () => {
  it('skips runner and library frames and finds the cell line', () => {
    const stack = [
      'Error: boom',
      '    at helper (/p/node_modules/lib/index.js:10:3)',
      '    at f (/p/notebooks/ch/helpers/x.ts:7:2)',
      '    at run (file:///p/notebooks/ch/cell.ts:3:9)',
      '    at host (/p/runners/child.ts:40:1)',
    ].join('\n');
    expect(locateError(stack, '/p/notebooks/ch/cell.ts', runner)).toEqual({
      file: '/p/notebooks/ch/cell.ts',
      line: 3,
      column: 9,
    });
  });

  it('falls back to the first user frame when the cell itself is not on the stack', () => {
    const stack = 'Error: x\n    at f (/p/notebooks/ch/helpers/x.ts:7:2)\n    at g (node:internal/x:1:1)';
    expect(locateError(stack, '/p/notebooks/ch/cell.ts', runner)).toEqual({
      file: '/p/notebooks/ch/helpers/x.ts',
      line: 7,
      column: 2,
    });
  });

  it('reads esbuild transform errors', () => {
    const message = 'Transform failed with 1 error:\n/p/notebooks/ch/cell.ts:1:10: ERROR: Unexpected ";"';
    expect(locateError(message, '/p/notebooks/ch/cell.ts', runner)?.line).toBe(1);
    expect(isSyntaxError(new Error(message))).toBe(true);
    expect(cleanMessage(new Error(message))).toBe('Unexpected ";"');
  });

  it('returns undefined when nothing is user code', () => {
    expect(locateError('Error: x\n    at y (node:internal/z:1:1)', '/p/c.ts', runner)).toBeUndefined();
  });
});
