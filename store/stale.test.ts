import { describe, expect, it } from 'vitest';
import { sourceHash } from './stale.ts';

const a = { path: 'notebooks/ch/a.ts', content: 'export default 1' };
const lib = { path: 'notebooks/ch/lib/x.ts', content: 'export const x = 2' };

describe('sourceHash', () => {
  it('does not depend on the order of inputs', () => {
    expect(sourceHash([a, lib], 'node 20').value).toBe(sourceHash([lib, a], 'node 20').value);
  });

  it('changes when the cell, an imported module or the runtime changes', () => {
    const base = sourceHash([a, lib], 'node 20').value;
    expect(sourceHash([{ ...a, content: 'export default 2' }, lib], 'node 20').value).not.toBe(base);
    expect(sourceHash([a, { ...lib, content: 'export const x = 3' }], 'node 20').value).not.toBe(base);
    expect(sourceHash([a, lib], 'node 22').value).not.toBe(base);
  });

  it('cannot be fooled by moving text between path and content', () => {
    expect(sourceHash([{ path: 'ab', content: 'c' }], 'n').value).not.toBe(sourceHash([{ path: 'a', content: 'bc' }], 'n').value);
  });
});
