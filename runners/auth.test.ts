import { describe, expect, it } from 'vitest';
import { checkRequest, isLoopbackHost, isOwnOrigin, newToken, presentedToken, tokenMatches, cookieName } from './auth.ts';

const port = 4321;
const token = 'secret-token';
const url = (q = '') => new URL(`http://127.0.0.1:${port}/x${q}`);

describe('auth', () => {
  it('makes tokens of at least 128 bits that differ each time', () => {
    const t = newToken();
    expect(Buffer.from(t, 'base64url').length).toBeGreaterThanOrEqual(16);
    expect(newToken()).not.toBe(t);
  });

  it('accepts loopback hosts on our port only', () => {
    for (const h of ['127.0.0.1:4321', 'localhost:4321', '[::1]:4321', '127.1.2.3:4321']) expect(isLoopbackHost(h, port)).toBe(true);
    for (const h of ['evil.example:4321', '127.0.0.1:9999', '192.168.1.2:4321', '127.0.0.1.evil.com:4321', undefined])
      expect(isLoopbackHost(h, port)).toBe(false);
  });

  it('accepts our own origin or none, refuses others', () => {
    expect(isOwnOrigin(undefined, port)).toBe(true);
    expect(isOwnOrigin('http://localhost:4321', port)).toBe(true);
    expect(isOwnOrigin('http://evil.example', port)).toBe(false);
    expect(isOwnOrigin('null', port)).toBe(false);
  });

  it('compares tokens of any length without throwing', () => {
    expect(tokenMatches(token, token)).toBe(true);
    expect(tokenMatches('x', token)).toBe(false);
    expect(tokenMatches(undefined, token)).toBe(false);
  });

  it('reads the token from a header, the query or the cookie', () => {
    expect(presentedToken({ authorization: 'Bearer abc' }, url(), port)).toBe('abc');
    expect(presentedToken({}, url('?token=q'), port)).toBe('q');
    expect(presentedToken({ cookie: `a=1; ${cookieName(port)}=c` }, url(), port)).toBe('c');
    expect(presentedToken({ cookie: `${cookieName(9)}=c` }, url(), port)).toBeUndefined();
  });

  it('refuses each kind of bad request with its own status', () => {
    const h = { host: '127.0.0.1:4321' };
    expect(checkRequest({ method: 'GET', headers: { ...h } }, url(), port, token)).toMatchObject({ ok: false, status: 401 });
    expect(checkRequest({ method: 'GET', headers: { ...h } }, url('?token=bad'), port, token)).toMatchObject({ ok: false, status: 403 });
    expect(checkRequest({ method: 'GET', headers: { host: 'evil.example:4321' } }, url(`?token=${token}`), port, token)).toMatchObject({ ok: false, status: 403 });
    expect(checkRequest({ method: 'POST', headers: { ...h, origin: 'http://evil.example' } }, url(`?token=${token}`), port, token)).toMatchObject({ ok: false, status: 403 });
    expect(checkRequest({ method: 'GET', headers: { ...h } }, url(`?token=${token}`), port, token)).toEqual({ ok: true, setCookie: true });
    expect(checkRequest({ method: 'GET', headers: { ...h, cookie: `${cookieName(port)}=${token}` } }, url(), port, token)).toEqual({ ok: true, setCookie: false });
  });
});
