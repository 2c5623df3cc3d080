/**
 * The shapes of load the hello-world servers are measured in, and which generator makes each one.
 * Each shape gets the tool that is fastest in it on this machine, so the generator is not what
 * limits a single-process server: ab for the essay's own load (`ab -n 10000 -c 10`, a new
 * connection per request: `ab`), wrk for the same shape run by time (`Connection: close`:
 * `wrk-close`) and for keep-alive (`wrk-keep-alive`). A missing tool falls back to autocannon, and
 * the shape's key says so (`ab-autocannon`...); the chart's labels say each in words.
 *
 * Each shape's ceiling is measured by the fastest canned responder for it: with a new connection
 * per request, a bare CPython `epoll` loop (epoll_responder.py), since Node's own cost per
 * connection caps Node's responder first; with keep-alive, Node's (canned-server.ts). Without
 * Python, Node's responder stands in everywhere and provenance says so.
 */
import type { LoadTool } from '../../lib/load.ts';
import { toolOrFallback } from '../../lib/load.ts';
import type { StyleId } from './styles.ts';

export interface LoadShape {
  /** The rows' `shape`: what the load is, and which tool made it (with `-autocannon` when it stood in). */
  key: string;
  /** The tool used, and the one the shape asks for (they differ when that one is missing). */
  tool: LoadTool;
  wanted: LoadTool;
  newConnectionPerRequest: boolean;
  /** The canned responder whose rate is this shape's ceiling. */
  ceiling: Responder;
  /** For provenance: the shape in a few words. */
  what: string;
}

/** A canned responder: Node's (a server style) or the CPython epoll loop, closing each connection. */
export type Responder = Extract<StyleId, 'canned-close' | 'canned-keepalive'> | 'epoll-close';

/** For provenance: each responder in a few words. */
export const RESPONDERS: Record<Responder, string> = {
  'epoll-close': 'CPython epoll responder',
  'canned-close': 'Node canned responder',
  'canned-keepalive': 'Node canned responder',
};

const keyOf = (shape: string, tool: LoadTool, wanted: LoadTool) => (tool === wanted ? shape : `${shape}-autocannon`);

/**
 * Pure: the three shapes, each with its tool (or autocannon when that tool is not installed) and
 * its ceiling responder (`python`: whether the CPython one can run here).
 */
export function loadShapes(installed: ReadonlySet<LoadTool>, python = true): LoadShape[] {
  const close: Responder = python ? 'epoll-close' : 'canned-close';
  const ab = toolOrFallback('ab', installed);
  const wrk = toolOrFallback('wrk', installed);
  return [
    {
      key: keyOf('ab', ab, 'ab'),
      tool: ab,
      wanted: 'ab',
      newConnectionPerRequest: true,
      ceiling: close,
      what: 'the essay’s load, a new connection per request',
    },
    {
      key: keyOf('wrk-close', wrk, 'wrk'),
      tool: wrk,
      wanted: 'wrk',
      newConnectionPerRequest: true,
      ceiling: close,
      what: 'Connection: close, a new connection per request',
    },
    {
      key: keyOf('wrk-keep-alive', wrk, 'wrk'),
      tool: wrk,
      wanted: 'wrk',
      newConnectionPerRequest: false,
      ceiling: 'canned-keepalive',
      what: 'keep-alive',
    },
  ];
}

/**
 * Pure: the provenance line naming each generator and its measured ceiling per shape, e.g.
 * "ab 2.3 (own process): the essay’s load, …, ceiling 19,800 req/s (CPython epoll responder). wrk …".
 * `ceilingOf` gives the shape's ceiling and, when a server outran the responder, that server.
 */
export function describeGenerators(
  shapes: LoadShape[],
  ceilingOf: (shape: LoadShape) => { ceiling: number; outranBy?: string },
  describeTool: (tool: LoadTool) => string,
): string {
  const tools = [...new Set(shapes.map((s) => s.tool))];
  const rate = (n: number) => (Number.isFinite(n) ? `${Math.round(n).toLocaleString('en-US')} req/s` : 'not measured');
  const ceiling = (s: LoadShape) => {
    const c = ceilingOf(s);
    const by = c.outranBy ? `${c.outranBy}, faster than the ${RESPONDERS[s.ceiling]}` : RESPONDERS[s.ceiling];
    return `ceiling ${rate(c.ceiling)} (${by})`;
  };
  return tools
    .map((tool) => {
      const parts = shapes
        .filter((s) => s.tool === tool)
        .map((s) => `${s.what}${s.tool === s.wanted ? '' : ` (${s.wanted} not installed)`}, ${ceiling(s)}`);
      return `${describeTool(tool)}: ${parts.join('; ')}.`;
    })
    .join(' ');
}
