/**
 * Who may drive the runner, as pure checks: a well-formed loopback Host (against DNS rebinding),
 * no cross-site or same-site subresource request (another server on 127.0.0.1 is "same-site"),
 * the runner's own Origin, the per-start token compared in constant time, and, for anything that
 * changes state, a JSON body with our own header (so no HTML form or simple request can run code).
 * runners/gate.ts applies them to every request and upgrade before anything else sees it.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { CLIENT_HEADER } from '../core/api.ts';

/** A fresh token: 32 random bytes (256 bits), URL-safe. */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '[::1]']);

/** The origins a browser shows for this server: every loopback name with our port. */
export function ownOrigins(port: number): Set<string> {
  return new Set([...LOOPBACK_NAMES].map((h) => `http://${h}:${port}`));
}

/** A Host header split into name and port; undefined when it is not a well-formed host[:port]. */
export function parseHost(host: string | undefined): { name: string; port: number } | undefined {
  const m = /^(\[[0-9a-f:.]+\]|[a-z0-9-]+(?:\.[a-z0-9-]+)*)(?::(\d{1,5}))?$/.exec((host ?? '').toLowerCase());
  return m ? { name: m[1], port: m[2] ? Number(m[2]) : 80 } : undefined;
}

/** True for a Host header naming this server by a loopback name or address. */
export function isLoopbackHost(host: string | undefined, port: number): boolean {
  const parsed = parseHost(host);
  if (!parsed) return false;
  const loopback = LOOPBACK_NAMES.has(parsed.name) || /^127(?:\.\d{1,3}){3}$/.test(parsed.name);
  return loopback && parsed.port === port;
}

/** An absent Origin (same-origin GET, curl) passes; a present one must be ours. */
export function isOwnOrigin(origin: string | undefined, port: number): boolean {
  return origin === undefined || ownOrigins(port).has(origin.toLowerCase());
}

/** Constant-time comparison that also hides the expected token's length. */
export function tokenMatches(given: string | undefined, expected: string): boolean {
  if (!given) return false;
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

/**
 * The cookie that carries the token after the first visit. Cookies ignore ports, so the name has
 * the port and a per-start part derived from the token: a page on another port cannot guess it to
 * shadow ours, and a cookie left by an earlier start is simply another name.
 */
export function cookieName(port: number, token: string): string {
  return `am_runner_${port}_${createHash('sha256').update(token).digest('hex').slice(0, 12)}`;
}

/** Every value of the named cookie; one that does not URL-decode counts as absent. */
export function cookieValues(header: string | undefined, name: string): string[] {
  return (header ?? '').split(';').flatMap((part) => {
    const eq = part.indexOf('=');
    if (eq < 0 || part.slice(0, eq).trim() !== name) return [];
    try {
      return [decodeURIComponent(part.slice(eq + 1).trim())];
    } catch {
      return [];
    }
  });
}

export interface RequestHeaders {
  host?: string;
  origin?: string;
  authorization?: string;
  cookie?: string;
  'content-type'?: string;
  'sec-fetch-site'?: string;
  'sec-fetch-mode'?: string;
  'sec-fetch-dest'?: string;
  [CLIENT_HEADER]?: string;
}

/** Every token a request presents: Authorization header, ?token= query, each of our cookies. */
export function presentedTokens(headers: RequestHeaders, url: URL, port: number, token: string): string[] {
  const auth = /^(?:token|bearer)\s+(\S+)$/i.exec(headers.authorization ?? '');
  const query = url.searchParams.get('token');
  return [...(auth ? [auth[1]] : []), ...(query ? [query] : []), ...cookieValues(headers.cookie, cookieName(port, token))];
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** A top-level navigation (a link followed, an address typed): the one cross-site request a page may make. */
function isTopLevelNavigation(method: string, headers: RequestHeaders): boolean {
  return (
    (method === 'GET' || method === 'HEAD') &&
    headers['sec-fetch-mode'] === 'navigate' &&
    (headers['sec-fetch-dest'] ?? 'document') === 'document'
  );
}

export type Verdict = { ok: true; url: URL; setCookie: boolean } | { ok: false; status: 400 | 401 | 403; reason: string };

/** Every check, in order; pure, so each refusal is tested without a server. */
export function checkRequest(req: { method: string; url: string; headers: RequestHeaders }, port: number, token: string): Verdict {
  const { method, headers } = req;
  if (!parseHost(headers.host)) return { ok: false, status: 400, reason: 'malformed Host header' };
  if (!isLoopbackHost(headers.host, port))
    return { ok: false, status: 403, reason: 'Host is not this machine (the runner answers only to localhost, 127.0.0.1 or [::1])' };
  let url: URL;
  try {
    url = new URL(req.url, `http://127.0.0.1:${port}`);
  } catch {
    return { ok: false, status: 400, reason: 'malformed request target' };
  }
  const site = headers['sec-fetch-site'];
  if ((site === 'cross-site' || site === 'same-site') && !isTopLevelNavigation(method, headers))
    return { ok: false, status: 403, reason: `${site} request refused (another site, or another server on this machine)` };
  if (!isOwnOrigin(headers.origin, port)) return { ok: false, status: 403, reason: `cross-origin request from ${headers.origin} refused` };
  const given = presentedTokens(headers, url, port, token);
  if (given.length === 0) return { ok: false, status: 401, reason: 'no token: open the URL that `npm start` printed' };
  if (!given.some((g) => tokenMatches(g, token)))
    return { ok: false, status: 403, reason: 'wrong token: open the URL that `npm start` printed' };
  if (!SAFE_METHODS.has(method)) {
    const type = (headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
    if (type !== 'application/json' || !headers[CLIENT_HEADER])
      return { ok: false, status: 403, reason: `a ${method} must send application/json with the ${CLIENT_HEADER} header` };
  }
  return { ok: true, url, setCookie: url.searchParams.has('token') };
}

/**
 * Headers on every response of the local site: no framing by any page (clickjacking), no MIME
 * sniffing, no Referer leaking a path; `private` responses (the API, the tokened first visit, its
 * redirect, refusals) are never stored by a cache.
 */
export function securityHeaders(kind: 'page' | 'private'): Record<string, string> {
  return {
    'x-content-type-options': 'nosniff',
    'content-security-policy': "frame-ancestors 'none'",
    'x-frame-options': 'DENY',
    'referrer-policy': 'no-referrer',
    ...(kind === 'private' ? { 'cache-control': 'no-store' } : {}),
  };
}
