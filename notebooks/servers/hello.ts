// The essay's hello-world server, written six ways on Node and loaded as the essay loaded it:
// `ab -n 10000 -c 10`, a new connection per request; then again with keep-alive. Each server runs
// in its own process on one core, the load generator in another process on the other core. Before
// and after the servers, a responder that only writes canned bytes measures the generator's ceiling.
import { cell, z } from '../../runners/sdk.ts';
import { detectPinning } from '../lib/cpus.ts';
import { essayFigures } from '../lib/essay-figures.ts';
import { atCeiling, describeLoadTool, detectLoadTool, runLoad } from '../lib/load.ts';
import { startServer } from './lib/server-process.ts';
import { SERVER_STYLES, STYLES, type StyleId } from './lib/styles.ts';

const SHAPES = [
  { shape: 'new connection per request (ab)', newConnectionPerRequest: true, ceiling: 'canned-close' },
  { shape: 'keep-alive (ab -k)', newConnectionPerRequest: false, ceiling: 'canned-keepalive' },
] as const;

export default cell({
  title: 'Hello world, six ways: requests/s and latency, beside the load generator’s ceiling',
  params: z.object({ requests: z.number().int().positive(), connections: z.number().int().positive() }),
  presets: { quick: { requests: 2_000, connections: 10 }, full: { requests: 10_000, connections: 10 } },
  timeoutMs: 10 * 60_000,
  async run({ params, row, reference, progress, provenance }) {
    const cpus = detectPinning(); // server on CPU 0, load generator on CPU 1
    const tool = detectLoadTool(); // autocannon, or wrk when installed
    provenance({ pinned: cpus.describe, loadGenerator: describeLoadTool(tool) });
    for (const f of essayFigures('hello-server')) {
      reference({ server: f.variant, shape: 'essay: ab -n 10000 -c 10 (2015, OS X, Python 3.4)', requestsPerSec: f.value });
    }

    let done = 0;
    const total = SHAPES.length * (SERVER_STYLES.length + 2);
    const measure = async (style: StyleId, newConnectionPerRequest: boolean) => {
      // cluster's workers take every core, so they compete with the load generator: said in its row.
      const server = await startServer({ style }, style === 'cluster' ? cpus.all : cpus.server);
      try {
        return await runLoad({ url: server.url, connections: params.connections, requests: params.requests, newConnectionPerRequest, cpus: cpus.generator, tool });
      } finally {
        await server.stop();
        progress(++done, total, STYLES[style].label);
      }
    };

    for (const { shape, newConnectionPerRequest, ceiling } of SHAPES) {
      // The ceiling is the better of two runs of the canned responder: one now, one after the servers.
      const first = await measure(ceiling, newConnectionPerRequest);
      const results = [];
      for (const style of SERVER_STYLES) results.push({ style, r: await measure(style, newConnectionPerRequest) });
      const second = await measure(ceiling, newConnectionPerRequest);
      const limit = first.requestsPerSec >= second.requestsPerSec ? first : second;
      row({
        server: 'ceiling: canned bytes, no parsing',
        shape,
        requestsPerSec: limit.requestsPerSec,
        p50Ms: limit.p50Ms,
        p99Ms: limit.p99Ms,
        ofCeiling: 1,
        generatorLimited: true,
        note: 'the ceiling',
        errors: limit.errors + limit.non2xx,
      });
      for (const { style, r } of results) {
        // Within 10% of the canned responder: the generator, not this server, set the pace.
        const generatorLimited = atCeiling(r.requestsPerSec, limit.requestsPerSec);
        row({
          server: STYLES[style].label,
          shape,
          requestsPerSec: r.requestsPerSec,
          p50Ms: r.p50Ms,
          p99Ms: r.p99Ms,
          ofCeiling: r.requestsPerSec / limit.requestsPerSec,
          generatorLimited,
          note: generatorLimited ? 'generator-limited' : style === 'cluster' ? 'shares cores with the generator' : '',
          errors: r.errors + r.non2xx,
          essayCounterpart: STYLES[style].essay,
        });
      }
    }
  },
});
