import { describe, expect, it } from 'vitest';
import { LineSplitter } from './lines.ts';

function split(chunks: string[], max?: number) {
  const out: Array<[string, boolean]> = [];
  const s = new LineSplitter((line, cut) => out.push([line, cut]), max);
  for (const c of chunks) s.push(c);
  s.end();
  return out;
}

describe('LineSplitter', () => {
  it('joins lines across chunks and keeps a last line without newline', () => {
    expect(split(['a', 'b\nc', 'd\r\ne'])).toEqual([
      ['ab', false],
      ['cd', false],
      ['e', false],
    ]);
  });

  it('cuts an overlong line at the cap and flags it', () => {
    expect(split(['x'.repeat(10), 'y'.repeat(10) + '\nok\n'], 8)).toEqual([
      ['xxxxxxxx', true],
      ['ok', false],
    ]);
  });

  it('delivers nothing for an empty stream', () => {
    expect(split([])).toEqual([]);
  });
});
