/** Talks to a started runner as a browser or an attacker would: raw HTTP, and its event stream. */
import { request } from 'node:http';
import { cookieName } from '../../runners/auth.ts';
import { CLIENT_HEADER, type RunEvent } from '../../core/api.ts';
import type { Runner } from './runner.ts';

export interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** The headers of the runner's own page: its cookie, and the header every state change carries. */
export function authed(runner: Runner, extra: Record<string, string> = {}): Record<string, string> {
  return { cookie: `${cookieName(runner.port, runner.token)}=${runner.token}`, [CLIENT_HEADER]: '1', ...extra };
}

/** A raw HTTP request, so Host, Origin and cookies can be anything a browser or attacker might send. */
export function http(
  runner: Runner,
  path: string,
  opts: { method?: string; headers?: Record<string, string>; body?: unknown } = {},
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const changes = opts.method === 'POST' || opts.method === 'PUT';
    const body = opts.body === undefined ? (changes ? '{}' : undefined) : JSON.stringify(opts.body);
    const req = request(
      {
        host: '127.0.0.1',
        port: runner.port,
        path,
        method: opts.method ?? 'GET',
        // A fresh connection each time: Node 20's keep-alive agent may reuse a socket the server is
        // closing after its idle timeout, which reads as ECONNRESET on a slow machine.
        agent: false,
        headers: { ...(body ? { 'content-type': 'application/json' } : {}), ...opts.headers },
      },
      (res) => {
        let text = '';
        res.on('data', (d) => (text += d));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: text }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * Opens the event stream and reads it continuously (a client that stops reading is cut off by the
 * runner, by design); `next(until)` resolves with every event up to the first that satisfies `until`.
 */
export async function openEvents(
  runner: Runner,
): Promise<{ next: (until: (e: RunEvent) => boolean) => Promise<RunEvent[]>; close: () => void }> {
  const controller = new AbortController();
  const res = await fetch(`${runner.origin}/__runner/api/events`, { headers: authed(runner), signal: controller.signal });
  const pending: RunEvent[] = [];
  let ended: Error | undefined;
  let wake: () => void = () => {};
  void (async () => {
    let buffer = '';
    try {
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        buffer += Buffer.from(chunk).toString('utf8');
        let i: number;
        while ((i = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, i);
          buffer = buffer.slice(i + 2);
          if (block.startsWith('data: ')) pending.push(JSON.parse(block.slice(6)) as RunEvent);
        }
        wake();
      }
      ended = new Error('the event stream ended');
    } catch (error) {
      ended = error as Error;
    }
    wake();
  })();
  const next = async (until: (e: RunEvent) => boolean): Promise<RunEvent[]> => {
    const seen: RunEvent[] = [];
    for (;;) {
      while (pending.length) {
        const e = pending.shift()!;
        seen.push(e);
        if (until(e)) return seen;
      }
      if (ended) throw new Error(`${ended.message} before the expected event; saw ${JSON.stringify(seen.slice(-3))}`);
      await new Promise<void>((resolve) => (wake = resolve));
    }
  };
  return { next, close: () => controller.abort() };
}
