import { describe, expect, it } from 'vitest';
import {
  checkRequest,
  cookieName,
  cookieValues,
  isLoopbackHost,
  isOwnOrigin,
  newToken,
  presentedTokens,
  securityHeaders,
  tokenMatches,
} from './auth.ts';

const port = 4321;
const token = 'secret-token';
const url = (q = '') => new URL(`http://127.0.0.1:${port}/x${q}`);
const host = '127.0.0.1:4321';
const cookie = `${cookieName(port, token)}=${token}`;

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

  it('reads the token from a header, the query or every cookie of our name', () => {
    const name = cookieName(port, token);
    expect(presentedTokens({ authorization: 'Bearer abc' }, url(), port, token)).toEqual(['abc']);
    expect(presentedTokens({}, url('?token=q'), port, token)).toEqual(['q']);
    expect(presentedTokens({ cookie: `a=1; ${name}=c` }, url(), port, token)).toEqual(['c']);
    expect(presentedTokens({ cookie: `${cookieName(9, token)}=c` }, url(), port, token)).toEqual([]);
    // A page on another port can set a same-named cookie; ours still counts (any match wins).
    expect(presentedTokens({ cookie: `${name}=shadow; ${name}=${token}` }, url(), port, token)).toEqual(['shadow', token]);
  });

  it('names the cookie per port and per start, so another start or port cannot shadow it', () => {
    expect(cookieName(port, token)).toMatch(/^am_runner_4321_[0-9a-f]{12}$/);
    expect(cookieName(port, 'another-token')).not.toBe(cookieName(port, token));
    expect(cookieName(port, token)).not.toContain(token);
  });

  it('treats a cookie that does not URL-decode as absent, without throwing', () => {
    const name = cookieName(port, token);
    expect(cookieValues(`${name}=%`, name)).toEqual([]);
    expect(cookieValues(`${name}=%E0%A4%A; ${name}=ok%20x`, name)).toEqual(['ok x']);
    expect(checkRequest({ method: 'GET', url: '/', headers: { host, cookie: `${name}=%` } }, port, token)).toMatchObject({
      ok: false,
      status: 401,
    });
  });

  it('answers a malformed Host or target with 400, a foreign one with 403', () => {
    for (const bad of ['127.0.0.1:4321.', '127.0.0.1:', 'a b', '127.0.0.1:4321/x', '', undefined])
      expect(checkRequest({ method: 'GET', url: '/', headers: { host: bad, cookie } }, port, token)).toMatchObject({
        ok: false,
        status: 400,
      });
    expect(checkRequest({ method: 'GET', url: '/', headers: { host: 'evil.example:4321', cookie } }, port, token)).toMatchObject({
      ok: false,
      status: 403,
    });
    expect(checkRequest({ method: 'GET', url: 'http://[bad', headers: { host, cookie } }, port, token)).toMatchObject({
      ok: false,
      status: 400,
    });
  });

  it('refuses cross-site and same-site requests except top-level navigations', () => {
    for (const site of ['cross-site', 'same-site']) {
      const fetchFrom = { host, cookie, 'sec-fetch-site': site, 'sec-fetch-mode': 'cors', 'sec-fetch-dest': 'empty' };
      expect(checkRequest({ method: 'GET', url: '/__runner/api/cells', headers: fetchFrom }, port, token)).toMatchObject({
        ok: false,
        status: 403,
      });
      const framed = { host, cookie, 'sec-fetch-site': site, 'sec-fetch-mode': 'navigate', 'sec-fetch-dest': 'iframe' };
      expect(checkRequest({ method: 'GET', url: '/', headers: framed }, port, token)).toMatchObject({ ok: false, status: 403 });
      const formPost = {
        host,
        cookie,
        'sec-fetch-site': site,
        'sec-fetch-mode': 'navigate',
        'sec-fetch-dest': 'document',
        'content-type': 'application/json',
        'x-async-measured': '1',
      };
      expect(checkRequest({ method: 'POST', url: '/__runner/api/runs', headers: formPost }, port, token)).toMatchObject({
        ok: false,
        status: 403,
      });
      const link = { host, 'sec-fetch-site': site, 'sec-fetch-mode': 'navigate', 'sec-fetch-dest': 'document' };
      expect(checkRequest({ method: 'GET', url: `/?token=${token}`, headers: link }, port, token)).toMatchObject({ ok: true });
    }
  });

  it('accepts a state change only as JSON with our header', () => {
    const post = (headers: Record<string, string>) =>
      checkRequest({ method: 'POST', url: '/__runner/api/runs', headers: { host, cookie, ...headers } }, port, token);
    expect(post({ 'content-type': 'text/plain' })).toMatchObject({ ok: false, status: 403 });
    expect(post({ 'content-type': 'application/json' })).toMatchObject({ ok: false, status: 403 });
    expect(post({ 'x-async-measured': '1' })).toMatchObject({ ok: false, status: 403 });
    expect(post({ 'content-type': 'application/json; charset=utf-8', 'x-async-measured': '1' })).toMatchObject({ ok: true });
    expect(checkRequest({ method: 'PUT', url: '/x', headers: { host, cookie, 'content-type': 'text/plain' } }, port, token)).toMatchObject({
      ok: false,
      status: 403,
    });
  });

  it('refuses each kind of bad request with its own status', () => {
    const h = { host };
    const check = (method: string, path: string, headers: Record<string, string>) =>
      checkRequest({ method, url: path, headers }, port, token);
    expect(check('GET', '/x', h)).toMatchObject({ ok: false, status: 401 });
    expect(check('GET', '/x?token=bad', h)).toMatchObject({ ok: false, status: 403 });
    expect(check('GET', `/x?token=${token}`, { host: 'evil.example:4321' })).toMatchObject({ ok: false, status: 403 });
    expect(check('POST', `/x?token=${token}`, { ...h, origin: 'http://evil.example' })).toMatchObject({ ok: false, status: 403 });
    expect(check('GET', `/x?token=${token}`, h)).toMatchObject({ ok: true, setCookie: true });
    expect(check('GET', '/x', { ...h, cookie })).toMatchObject({ ok: true, setCookie: false });
  });

  it('sends the protective headers on every response, no-store on private ones', () => {
    expect(securityHeaders('page')).toMatchObject({
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'DENY',
      'referrer-policy': 'no-referrer',
    });
    expect(securityHeaders('page')['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(securityHeaders('page')['cache-control']).toBeUndefined();
    expect(securityHeaders('private')['cache-control']).toBe('no-store');
  });
});
