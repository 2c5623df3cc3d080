import { describe, expect, it } from 'vitest';
import { joinCjkBreaks } from './remark-cjk-breaks.ts';

describe('joinCjkBreaks', () => {
  it('joins a soft break between Chinese characters and after full-width punctuation', () => {
    expect(joinCjkBreaks('异步 I/O 什么时候划\n算，什么时候不划算。\n他们')).toBe('异步 I/O 什么时候划算，什么时候不划算。他们');
  });

  it('keeps a break between English words as it is', () => {
    expect(joinCjkBreaks('an event\nloop')).toBe('an event\nloop');
  });

  it('joins a break between Chinese and a Latin word too, and eats the indentation', () => {
    expect(joinCjkBreaks('放到\n   Node 上')).toBe('放到Node 上');
  });

  it('looks across inline nodes at the text’s edges', () => {
    expect(joinCjkBreaks('\n之后', 'e', '')).toBe('之后');
    expect(joinCjkBreaks('word\n', '', 'x')).toBe('word\n');
  });
});
