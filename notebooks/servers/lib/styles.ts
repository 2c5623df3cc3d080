/**
 * Every server style the chapter measures, by id (the key its rows carry), in the essay's order,
 * with how it maps to the essay's Python servers. `listen(answer, port)` starts one in the current
 * process. The words for each key are the charts' labels (content/charts/servers.json).
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
  /** The essay's server (or servers) this one stands in for, as a key: see ESSAY_SERVERS. */
  essay: string;
  listen(answer: Answer, port?: number): Promise<Listening>;
}

export const STYLES = {
  'raw-net': { essay: 'py-loops', listen: (a, p) => listenOn(rawNetServer(a), p) }, // the poll, kqueue and selectors loops; asyncio Protocol
  http: { essay: 'none-no-http', listen: (a, p) => listenOn(httpServer(a), p) }, // the essay parsed no HTTP
  streams: { essay: 'asyncio-streams', listen: (a, p) => listenOn(streamsServer(a), p) },
  ioloop: { essay: 'py-ioloop', listen: (a, p) => listenOn(ioLoopServer(a), p) },
  fastify: { essay: 'tornado', listen: listenFastify },
  cluster: { essay: 'none-one-process', listen: (a, p) => listenOn(httpServer(a), p) }, // the essay ran one process
  // The load generator's ceiling: canned bytes, no parsing, closing each connection or keeping it.
  'canned-close': { essay: '', listen: (_a, p) => listenOn(cannedServer(true), p) },
  'canned-keepalive': { essay: '', listen: (_a, p) => listenOn(cannedServer(false), p) },
} satisfies Record<string, Style>;

export type StyleId = keyof typeof STYLES;
/** The servers measured, from the bare reactor up to a framework and many processes (the canned ones measure the generator instead). */
export const SERVER_STYLES: StyleId[] = ['raw-net', 'http', 'streams', 'ioloop', 'fastify', 'cluster'];

/** The essay's Python servers, by the names its figures use, as the keys our rows give them. */
export const ESSAY_SERVERS: Record<string, string> = {
  'Tornado TCPServer': 'tornado',
  'asyncio Protocol': 'asyncio-protocol',
  'asyncio streams (start_server)': 'asyncio-streams',
  'raw select.poll loop': 'py-poll',
  'raw select.kqueue loop': 'py-kqueue',
  'selectors.DefaultSelector loop': 'py-selectors',
  'generator-based IOLoop on poll': 'py-ioloop',
  'Tornado + tornado_mysql pool(10)': 'tornado',
  'asyncio Protocol + aiomysql pool': 'asyncio-protocol',
};

/** Pure: the key of one of the essay's servers; throws on a name it does not know. */
export function essayServer(name: string): string {
  const key = ESSAY_SERVERS[name];
  if (!key) throw new Error(`no key for the essay's server "${name}" (ESSAY_SERVERS)`);
  return key;
}
