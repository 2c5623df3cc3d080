// The essay's hello-world server, written six ways on Node and loaded in the essay's own shape,
// `ab -n 10000 -c 10` (a new connection per request), and with wrk and keep-alive; a third shape,
// wrk with `Connection: close` (the essay's shape run by time), is a parameter left out of both
// presets. Each server runs in its own process on CPU 0, the load generator in another on CPU 1.
// In every trial and every shape, a responder that only writes canned bytes measures the
// generator's ceiling beside the servers: with a new connection per request a bare CPython epoll
// loop (Node's own responder is slower there: Node's cost per connection caps it before `ab`
// does), with keep-alive Node's. The ceiling is at least the fastest rate measured in the shape
// (lib/ceiling.ts); a server whose median comes within 10 % of it is generator-limited, never ranked.
//
// Time: the servers start once and stay up; each trial runs every server in every shape, in turn
// (ABC ABC...), so drift in the machine hits them all alike. What was traded to fit the full
// preset in 100 s: wrk runs one second per trial, so a single trial is noisier and the median of
// five trials with its interval stands instead; each ab run stops after one second (-t 1) even if
// it has not made its 10,000 requests, so a server slower than 10,000 requests/s is timed on fewer;
// and the wrk `Connection: close` shape is left out (it repeated ab's shape, by time). The quick
// preset measures four of the six servers.
import type { RowData } from '../../core/protocol.ts';
import { cell, interleaved, z } from '../../runners/sdk.ts';
import { detectPinning } from '../lib/cpus.ts';
import { essayFigures } from '../lib/essay-figures.ts';
import { describeLoadTool, installedLoadTools, type LoadOptions, runLoad } from '../lib/load.ts';
import { againstCeiling, shapeCeiling, total } from './lib/ceiling.ts';
import { responderPython } from './lib/py-responder.ts';
import { startServers } from './lib/server-set.ts';
import { describeGenerators, type LoadShape, loadShapes, type Responder } from './lib/shapes.ts';
import { essayServer, SERVER_STYLES, STYLES, type StyleId } from './lib/styles.ts';

const CEILING = 'canned'; // the rows' server for the canned responder of each shape: the ceiling
const SHAPES = ['ab', 'wrk-close', 'wrk-keep-alive'] as const;

interface Variant {
  style: StyleId | Responder;
  shape: LoadShape;
}
const keyOf = (v: Variant) => ({ server: v.style === v.shape.ceiling ? CEILING : v.style, shape: v.shape.key });

export default cell({
  title: 'Hello world, six ways: requests/s and latency, beside the load generator’s ceiling',
  params: z.object({
    /** ab -n per trial (and autocannon's count wherever it stands in). */
    requests: z.number().int().positive(),
    /** ab -t: stop an ab run after this many seconds however few requests it made; 0: no limit. */
    abSeconds: z.number().int().min(0),
    /** wrk -d per trial, whole seconds. */
    seconds: z.number().int().positive(),
    connections: z.number().int().positive(),
    /** The load shapes measured (each with its tool, or autocannon standing in). */
    shapes: z.array(z.enum(SHAPES)).nonempty(),
    /** The servers measured, beside each shape's ceiling. */
    servers: z.array(z.enum(SERVER_STYLES as [StyleId, ...StyleId[]])).nonempty(),
    trials: z.number().int().min(1),
  }),
  presets: {
    // quick: ab at a fifth of the essay's count (~0.2 s a run; at most 1 s on a busy machine), four
    // servers, two trials; full: the essay's `ab -n 10000 -c 10`, stopped after 1 s, five trials.
    quick: {
      requests: 2_000,
      abSeconds: 1,
      seconds: 1,
      connections: 10,
      shapes: ['ab', 'wrk-keep-alive'],
      servers: ['raw-net', 'streams', 'ioloop', 'fastify'],
      trials: 2,
    },
    full: {
      requests: 10_000,
      abSeconds: 1,
      seconds: 1,
      connections: 10,
      shapes: ['ab', 'wrk-keep-alive'],
      servers: ['raw-net', 'http', 'streams', 'ioloop', 'fastify', 'cluster'],
      trials: 5,
    },
  },
  timeoutMs: 10 * 60_000,
  async run(ctx) {
    const { params, row, reference, provenance, log } = ctx;
    const cpus = detectPinning(); // server on CPU 0, load generator on CPU 1
    const python = responderPython() !== undefined;
    const wanted = (s: LoadShape) => params.shapes.some((name) => s.key === name || s.key === `${name}-autocannon`);
    const shapes = loadShapes(installedLoadTools(), python).filter(wanted);
    if (!python) log('no /usr/bin/python3: the Node canned responder measures the new-connection ceiling, and Node may cap it first');
    for (const f of essayFigures('hello-server')) {
      reference({ server: essayServer(f.variant), shape: 'essay-ab', requestsPerSec: f.value }); // ab -n 10000 -c 10, 2015, OS X, Python 3.4
    }

    // Every shape: its ceiling responder first, then the servers.
    const variants: Variant[] = shapes.flatMap((shape) => [shape.ceiling, ...params.servers].map((style) => ({ style, shape })));
    const styles = [...new Set(variants.map((v) => v.style))];
    // cluster's workers take every core, so they compete with the load generator: said in its row.
    const servers = await startServers(
      styles.map((style) => ({
        key: style,
        spec: style === 'epoll-close' ? style : { style },
        cpus: style === 'cluster' ? cpus.all : cpus.server,
      })),
    );
    const load = (v: Variant, size: Partial<LoadOptions> = {}) =>
      runLoad({
        url: servers.url(v.style),
        connections: params.connections,
        requests: params.requests,
        wrkSeconds: params.seconds,
        abSeconds: params.abSeconds,
        newConnectionPerRequest: v.shape.newConnectionPerRequest,
        cpus: cpus.generator,
        tool: v.shape.tool,
        ...size,
      });
    const trials: RowData[] = [];
    let summary: RowData[];
    try {
      // A short unrecorded run per server, in the first shape it meets, so its JIT is warm (CPython has none: a short run anyway).
      for (const style of styles) await load(variants.find((v) => v.style === style)!, { requests: 1_000, wrkSeconds: 1, abSeconds: 1 });
      log(`warmed ${styles.length} servers; ${params.trials} trials of ${variants.length} runs each`);
      summary = await interleaved(ctx, {
        trials: params.trials,
        variants,
        key: keyOf,
        async measure(v, trial) {
          const r = await load(v);
          const values = { requestsPerSec: r.requestsPerSec, p50Ms: r.p50Ms, p99Ms: r.p99Ms, errors: r.errors + r.non2xx };
          trials.push({ ...keyOf(v), trial, ...values });
          return values;
        },
      });
    } finally {
      await servers.stop();
    }

    for (const s of summary) {
      const style = SERVER_STYLES.find((id) => id === s.server);
      const { errorsLo: _lo, errorsHi: _hi, ...measured } = s;
      const vs = againstCeiling(s, summary, trials, CEILING);
      const isCeiling = s.server === CEILING;
      row({
        ...measured,
        ...vs,
        note: isCeiling ? 'ceiling' : vs.generatorLimited ? 'generator-limited' : style === 'cluster' ? 'shares-cores' : '',
        errors: total(trials, { server: s.server, shape: s.shape }, 'errors'), // every failed request, over all trials
        ...(style ? { essayCounterpart: STYLES[style].essay } : {}),
      });
    }
    const ceilingOf = (shape: LoadShape) => {
      const inShape = summary
        .filter((s) => s.shape === shape.key)
        .map((s) => ({ server: String(s.server), requestsPerSec: s.requestsPerSec as number }));
      const c = shapeCeiling(inShape, CEILING);
      return { ceiling: c.ceiling, ...(c.setBy === CEILING ? {} : { outranBy: c.setBy }) };
    };
    const generators = describeGenerators(shapes, ceilingOf, describeLoadTool);
    log(generators);
    provenance({ pinned: cpus.describe, loadGenerator: generators });
  },
});
