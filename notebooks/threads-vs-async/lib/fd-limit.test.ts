import { describe, expect, it } from 'vitest';
import { isTooManyFiles, parseOpenFilesLimit, tooManyFilesMessage } from './fd-limit.ts';

const LIMITS = `Limit                     Soft Limit           Hard Limit           Units
Max cpu time              unlimited            unlimited            seconds
Max open files            1024                 524288               files
`;

describe('open-files limit', () => {
  it('reads the soft limit', () => {
    expect(parseOpenFilesLimit(LIMITS)).toBe(1024);
    expect(parseOpenFilesLimit(LIMITS.replace('1024 ', 'unlimited'))).toBe(Infinity);
    expect(parseOpenFilesLimit('nothing here')).toBeNull();
  });

  it('recognises EMFILE and ENFILE', () => {
    expect(isTooManyFiles(Object.assign(new Error('x'), { code: 'EMFILE' }))).toBe(true);
    expect(isTooManyFiles(Object.assign(new Error('x'), { code: 'ECONNRESET' }))).toBe(false);
    expect(isTooManyFiles(null)).toBe(false);
  });

  it('says what happened and how to fix it', () => {
    const m = tooManyFilesMessage('the client', 10_000, 1024);
    expect(m).toContain('10000 connections');
    expect(m).toContain('limit is 1024');
    expect(m).toContain('ulimit -n 65536');
  });
});
