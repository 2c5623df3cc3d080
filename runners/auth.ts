/**
 * Who may drive the runner, as pure checks: a loopback Host (against DNS rebinding), the
 * runner's own Origin (against cross-site requests), and the per-start token, compared in
 * constant time. The server applies them to every request.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** A fresh token: 32 random bytes (256 bits), URL-safe. */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '[::1]']);

/** The origins a browser shows for this server: every loopback name with our port. */
export function ownOrigins(port: number): Set<string> {
  return new Set([...LOOPBACK_NAMES].map((h) => `http://${h}:${port}`));
}

/** True for a Host header naming this server by a loopback name or address. */
export function isLoopbackHost(host: string | undefined, port: number): boolean {
  if (!host) return false;
  const m = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(host.toLowerCase());
  if (!m) return false;
  const name = m[1];
  const hostPort = m[2] ? Number(m[2]) : 80;
  const loopback = LOOPBACK_NAMES.has(name) || /^127(?:\.\d{1,3}){3}$/.test(name);
  return loopback && hostPort === port;
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

/** The cookie that carries the token after the first visit; per port, as cookies ignore ports. */
export function cookieName(port: number): string {
  return `am_runner_${port}`;
}

/** The token a request presents: Authorization header, ?token= query, or our cookie. */
export function presentedToken(headers: { authorization?: string; cookie?: string }, url: URL, port: number): string | undefined {
  const auth = /^(?:token|bearer)\s+(\S+)$/i.exec(headers.authorization ?? '');
  if (auth) return auth[1];
  const q = url.searchParams.get('token');
  if (q) return q;
  for (const part of (headers.cookie ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === cookieName(port)) return decodeURIComponent(v.join('='));
  }
  return undefined;
}

export type Verdict =
  | { ok: true; setCookie: boolean }
  | { ok: false; status: 401 | 403; reason: string };

/** Every check, in order; pure, so each refusal is tested without a server. */
export function checkRequest(
  req: { method: string; headers: { host?: string; origin?: string; authorization?: string; cookie?: string } },
  url: URL,
  port: number,
  token: string,
): Verdict {
  if (!isLoopbackHost(req.headers.host, port))
    return { ok: false, status: 403, reason: 'Host is not this machine (the runner answers only to localhost, 127.0.0.1 or [::1])' };
  if (!isOwnOrigin(req.headers.origin, port))
    return { ok: false, status: 403, reason: `cross-origin request from ${req.headers.origin} refused` };
  const given = presentedToken(req.headers, url, port);
  if (!given) return { ok: false, status: 401, reason: 'no token: open the URL that `npm start` printed' };
  if (!tokenMatches(given, token)) return { ok: false, status: 403, reason: 'wrong token: open the URL that `npm start` printed' };
  return { ok: true, setCookie: url.searchParams.has('token') };
}
