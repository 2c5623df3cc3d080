/**
 * The shapes of load the hello-world servers are measured in, and which generator makes each one.
 * Each shape gets the tool that is fastest in it on this machine, so the generator is not what
 * limits a single-process server: ab for the essay's own load (`ab -n 10000 -c 10`, a new
 * connection per request: `ab`), wrk for the same shape run by time (`Connection: close`:
 * `wrk-close`) and for keep-alive (`wrk-keep-alive`). A missing tool falls back to autocannon, and
 * the shape's key says so (`ab-autocannon`...); the chart's labels say each in words.
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
  ceiling: StyleId;
  /** For provenance: the shape in a few words. */
  what: string;
}

const keyOf = (shape: string, tool: LoadTool, wanted: LoadTool) => (tool === wanted ? shape : `${shape}-autocannon`);

/** Pure: the three shapes, each with its tool (or autocannon when that tool is not installed). */
export function loadShapes(installed: ReadonlySet<LoadTool>): LoadShape[] {
  const ab = toolOrFallback('ab', installed);
  const wrk = toolOrFallback('wrk', installed);
  return [
    {
      key: keyOf('ab', ab, 'ab'),
      tool: ab,
      wanted: 'ab',
      newConnectionPerRequest: true,
      ceiling: 'canned-close',
      what: 'the essay’s load, a new connection per request',
    },
    {
      key: keyOf('wrk-close', wrk, 'wrk'),
      tool: wrk,
      wanted: 'wrk',
      newConnectionPerRequest: true,
      ceiling: 'canned-close',
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
 * "ab 2.3 (own process): the essay’s load, …, ceiling 19,800 req/s. wrk 4.1.0 (own process): …".
 */
export function describeGenerators(
  shapes: LoadShape[],
  ceilingOf: (shape: LoadShape) => number,
  describeTool: (tool: LoadTool) => string,
): string {
  const tools = [...new Set(shapes.map((s) => s.tool))];
  const rate = (n: number) => (Number.isFinite(n) ? `${Math.round(n).toLocaleString('en-US')} req/s` : 'not measured');
  return tools
    .map((tool) => {
      const parts = shapes
        .filter((s) => s.tool === tool)
        .map((s) => `${s.what}${s.tool === s.wanted ? '' : ` (${s.wanted} not installed)`}, ceiling ${rate(ceilingOf(s))}`);
      return `${describeTool(tool)}: ${parts.join('; ')}.`;
    })
    .join(' ');
}
