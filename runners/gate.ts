/**
 * The door of the local runner: every HTTP request and every protocol upgrade passes the checks of
 * auth.ts before anything else of the dev server (Vite, Astro) sees it. No request, with or without
 * the token, can end the process: whatever goes wrong here becomes a short HTTP error.
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { checkRequest, cookieName, securityHeaders, type RequestHeaders } from './auth.ts';
import { API_PREFIX } from '../core/api.ts';

export interface GateOptions {
  port: number;
  token: string;
}

const REASONS: Record<number, string> = { 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 500: 'Internal Server Error' };

function refuse(req: IncomingMessage, res: ServerResponse, status: number, reason: string): void {
  const wantsHtml = (req.headers.accept ?? '').includes('text/html');
  const body = wantsHtml
    ? `<!doctype html><title>Async, Measured: runner locked</title><h1>${status === 401 ? 'This runner needs its token' : 'Refused'}</h1><p>${reason.replace(/&/g, '&amp;').replace(/</g, '&lt;')}.</p><p>The local runner executes code, so only the URL printed by <code>npm start</code> (it carries a fresh token) opens it.</p>`
    : JSON.stringify({ error: reason });
  res.writeHead(status, {
    ...securityHeaders('private'),
    'content-type': wantsHtml ? 'text/html; charset=utf-8' : 'application/json; charset=utf-8',
  });
  res.end(body);
}

/** Checks one request; calls `pass` only for an allowed one that is not the first, tokened visit. */
export function gateRequest({ port, token }: GateOptions, req: IncomingMessage, res: ServerResponse, pass: () => void): void {
  try {
    const verdict = checkRequest({ method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers as RequestHeaders }, port, token);
    if (!verdict.ok) {
      refuse(req, res, verdict.status, verdict.reason);
      return;
    }
    const { url } = verdict;
    if (verdict.setCookie) {
      // First visit with ?token=: keep it in an HttpOnly cookie and drop it from the address bar.
      url.searchParams.delete('token');
      res.writeHead(302, {
        ...securityHeaders('private'),
        'set-cookie': `${cookieName(port, token)}=${encodeURIComponent(token)}; HttpOnly; SameSite=Strict; Path=/`,
        location: url.pathname + url.search,
      });
      return void res.end();
    }
    const isPage = (req.headers['sec-fetch-dest'] ?? 'document') === 'document' && (req.headers.accept ?? '').includes('text/html');
    const headers = securityHeaders(url.pathname.startsWith(API_PREFIX) || isPage ? 'private' : 'page');
    for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
    pass();
  } catch (error) {
    if (res.headersSent) return void res.destroy();
    refuse(req, res, 500, `runner error: ${(error as Error).message.split('\n')[0]}`);
  }
}

/** Checks an upgrade (the dev server's WebSocket); only the cookie counts, not a ?token= query. */
export function gateUpgrade({ port, token }: GateOptions, req: IncomingMessage, socket: Duplex, pass: () => void): void {
  socket.on('error', () => {}); // a peer that vanished mid-refusal is not our error
  let status: number;
  try {
    const verdict = checkRequest({ method: req.method ?? 'GET', url: '/', headers: req.headers as RequestHeaders }, port, token);
    if (verdict.ok) {
      pass();
      return;
    }
    status = verdict.status;
  } catch {
    status = 500;
  }
  socket.end(`HTTP/1.1 ${status} ${REASONS[status]}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  socket.destroy();
}

/**
 * Puts the gate in front of every listener of the server, present and future: Vite's connect app,
 * its WebSocket upgrade handler, and anything a plugin adds later never see a refused request.
 */
export function installGate(server: Server, options: GateOptions): void {
  const emit = server.emit.bind(server) as (event: string | symbol, ...args: unknown[]) => boolean;
  server.emit = function gatedEmit(event: string | symbol, ...args: unknown[]): boolean {
    if (event === 'request') {
      const [req, res] = args as [IncomingMessage, ServerResponse];
      gateRequest(options, req, res, () => emit(event, ...args));
      return true;
    }
    if (event === 'upgrade') {
      const [req, socket] = args as [IncomingMessage, Duplex];
      gateUpgrade(options, req, socket, () => emit(event, ...args));
      return true;
    }
    return emit(event, ...args);
  } as Server['emit'];
}
