/**
 * Every server style the chapter measures, by id, in the essay's order, with how it maps to the
 * essay's Python servers. `listen(answer, port)` starts one in the current process.
 */
import { listenFastify } from './fastify-server.ts';
import { cannedServer } from './canned-server.ts';
import { httpServer } from './http-server.ts';
import type { Answer, Listening } from './http-bytes.ts';
import { ioLoopServer } from './ioloop.ts';
import { listenOn } from './listen.ts';
import { rawNetServer } from './raw-net-server.ts';
import { streamsServer } from './streams-server.ts';

export interface Style {
  label: string;
  /** The essay's server this one stands in for. */
  essay: string;
  listen(answer: Answer, port?: number): Promise<Listening>;
}

export const STYLES = {
  'raw-net': {
    label: 'raw net callbacks',
    essay: 'poll / kqueue / selectors loops; asyncio Protocol',
    listen: (a, p) => listenOn(rawNetServer(a), p),
  },
  http: { label: 'http.createServer', essay: '(none: the essay parsed no HTTP)', listen: (a, p) => listenOn(httpServer(a), p) },
  streams: { label: 'for await over the socket', essay: 'asyncio streams (start_server)', listen: (a, p) => listenOn(streamsServer(a), p) },
  ioloop: { label: 'generator IOLoop', essay: 'generator-based IOLoop on poll', listen: (a, p) => listenOn(ioLoopServer(a), p) },
  fastify: { label: 'Fastify', essay: 'Tornado TCPServer', listen: listenFastify },
  cluster: { label: 'cluster (http), a worker per core', essay: '(none: one process)', listen: (a, p) => listenOn(httpServer(a), p) },
  'canned-close': { label: 'ceiling: canned bytes, close', essay: '', listen: (_a, p) => listenOn(cannedServer(true), p) },
  'canned-keepalive': { label: 'ceiling: canned bytes, keep-alive', essay: '', listen: (_a, p) => listenOn(cannedServer(false), p) },
} satisfies Record<string, Style>;

export type StyleId = keyof typeof STYLES;
/** The servers measured, from the bare reactor up to a framework and many processes (the canned ones measure the generator instead). */
export const SERVER_STYLES: StyleId[] = ['raw-net', 'http', 'streams', 'ioloop', 'fastify', 'cluster'];
