import { createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { atCeiling, parseWrk, percentile, runLoad } from './load.ts';

describe('pure helpers', () => {
  it('takes nearest-rank percentiles', () => {
    const xs = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(xs, 0.5)).toBe(50);
    expect(percentile(xs, 0.99)).toBe(99);
    expect(percentile([7], 0.99)).toBe(7);
    expect(percentile([], 0.5)).toBeNaN();
  });
  it('flags a rate within 10% of the ceiling', () => {
    expect(atCeiling(9_500, 10_000)).toBe(true);
    expect(atCeiling(8_000, 10_000)).toBe(false);
    expect(atCeiling(100, 0)).toBe(false);
  });
  it('parses wrk --latency output', () => {
    const text = `Running 2s test @ http://127.0.0.1:8000/
  1 threads and 10 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency   412.00us  100.00us   5.00ms   90.00%
  Latency Distribution
     50%  380.00us
     75%  420.00us
     90%  500.00us
     99%    1.20ms
  40000 requests in 2.00s, 3.00MB read
  Socket errors: connect 0, read 3, write 0, timeout 1
Requests/sec:  20000.50
Transfer/sec:      1.50MB
`;
    expect(parseWrk(text)).toEqual({ tool: 'wrk', requests: 40000, seconds: 2, requestsPerSec: 20000.5, p50Ms: 0.38, p99Ms: 1.2, errors: 4, non2xx: 0 });
  });
});

describe('runLoad with autocannon', () => {
  let server: Server;
  let port = 0;
  const seen = { connections: 0, requests: 0 };
  beforeAll(async () => {
    // Answers every request; closes when asked to (Connection: close), as HTTP/1.1 says.
    server = createServer((socket) => {
      seen.connections++;
      socket.on('error', () => {});
      socket.on('data', (d) => {
        seen.requests++;
        const close = /connection: close/i.test(d.toString());
        socket.write(`HTTP/1.1 200 OK\r\nContent-Length: 2\r\n${close ? 'Connection: close\r\n' : ''}\r\nok`);
        if (close) socket.end();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as { port: number }).port;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('opens one connection per request in the ab shape', async () => {
    Object.assign(seen, { connections: 0, requests: 0 });
    const r = await runLoad({ url: `http://127.0.0.1:${port}/`, connections: 10, requests: 1000, warmupRequests: 200, newConnectionPerRequest: true });
    expect(r.requests).toBe(1000);
    expect(r.errors).toBe(0);
    expect(r.requestsPerSec).toBeGreaterThan(0);
    expect(r.p99Ms).toBeGreaterThanOrEqual(r.p50Ms);
    expect(seen.requests).toBe(1200);
    expect(seen.connections).toBe(seen.requests); // no request lost on a closing socket
  });

  it('keeps connections alive otherwise', async () => {
    Object.assign(seen, { connections: 0, requests: 0 });
    const r = await runLoad({ url: `http://127.0.0.1:${port}/`, connections: 10, requests: 1000, warmupRequests: 200, newConnectionPerRequest: false });
    expect(r.requests).toBeGreaterThanOrEqual(1000);
    expect(seen.connections).toBe(20); // 10 per run, warm-up and measurement
  });
});
