import { describe, expect, it } from 'vitest';
import { response, splitRequests, wantsClose } from './http-bytes.ts';

describe('splitRequests', () => {
  it('finds complete heads and keeps the rest', () => {
    expect(splitRequests('GET / HTTP/1.1\r\nHost: a\r\n\r\nGET /x HTTP/1.1\r\nHo')).toEqual({
      heads: ['GET / HTTP/1.1\r\nHost: a'],
      rest: 'GET /x HTTP/1.1\r\nHo',
    });
    expect(splitRequests('GET / HTTP/1.1\r\n\r\nGET / HTTP/1.1\r\n\r\n').heads).toHaveLength(2);
    expect(splitRequests('GET / HT')).toEqual({ heads: [], rest: 'GET / HT' });
  });
});

describe('wantsClose', () => {
  it('follows HTTP/1.1 and 1.0 defaults and the Connection header', () => {
    expect(wantsClose('GET / HTTP/1.1\r\nHost: a')).toBe(false);
    expect(wantsClose('GET / HTTP/1.1\r\nConnection: close')).toBe(true);
    expect(wantsClose('GET / HTTP/1.1\r\nconnection:Close')).toBe(true);
    expect(wantsClose('GET / HTTP/1.0\r\nHost: a')).toBe(true); // ab without -k
    expect(wantsClose('GET / HTTP/1.0\r\nConnection: Keep-Alive')).toBe(false); // ab -k
    expect(wantsClose('GET / HTTP/1.1\r\nConnection: keep-alive\r\nConnection: close')).toBe(true); // autocannon + ours
  });
});

describe('response', () => {
  it('is a complete HTTP/1.1 response with a correct length', () => {
    expect(response('hello world', true)).toBe(
      'HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 11\r\nConnection: close\r\n\r\nhello world',
    );
    expect(response('1', false)).not.toContain('Connection');
  });
});
