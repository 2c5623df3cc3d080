import { createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasProgram } from './cpus.ts';
import {
  abArgs,
  atCeiling,
  openLoadGenerator,
  parseAb,
  parseToolVersion,
  parseWrk,
  percentile,
  runLoad,
  toolOrFallback,
  wrkArgs,
} from './load.ts';

// Captured from `ab -n 10000 -c 10 -e out.csv` against a canned responder on a busy machine.
const AB_OUTPUT = `This is ApacheBench, Version 2.3 <$Revision$>
Copyright 1996 Adam Twiss, Zeus Technology Ltd, http://www.zeustech.net/
Licensed to The Apache Software Foundation, http://www.apache.org/

Benchmarking 127.0.0.1 (be patient)
Completed 10000 requests
Finished 10000 requests


Server Software:        
Server Hostname:        127.0.0.1
Server Port:            18431

Document Path:          /
Document Length:        11 bytes

Concurrency Level:      10
Time taken for tests:   4.888 seconds
Complete requests:      10000
Failed requests:        0
Total transferred:      950000 bytes
HTML transferred:       110000 bytes
Requests per second:    2045.80 [#/sec] (mean)
Time per request:       4.888 [ms] (mean)
Time per request:       0.489 [ms] (mean, across all concurrent requests)
Transfer rate:          189.80 [Kbytes/sec] received

Connection Times (ms)
              min  mean[+/-sd] median   max
Connect:        0    0   0.7      0      13
Processing:     0    4   5.8      3      59
Waiting:        0    4   5.6      3      58
Total:          1    5   5.8      3      59

Percentage of the requests served within a certain time (ms)
  50%      3
  66%      5
  75%      6
  80%      7
  90%     10
  95%     13
  98%     19
  99%     32
 100%     59 (longest request)
`;
const AB_CSV = 'Percentage served,Time in ms\n0,0.564\n1,0.752\n49,3.355\n50,3.455\n98,19.307\n99,32.225\n';

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
    expect(parseWrk(text)).toEqual({
      tool: 'wrk',
      requests: 40000,
      seconds: 2,
      requestsPerSec: 20000.5,
      p50Ms: 0.38,
      p99Ms: 1.2,
      errors: 4,
      non2xx: 0,
    });
  });
  it('parses ab output, with whole-ms percentiles from its table or fractions from its CSV', () => {
    const base = { tool: 'ab', requests: 10000, seconds: 4.888, requestsPerSec: 2045.8, errors: 0, non2xx: 0 };
    expect(parseAb(AB_OUTPUT)).toEqual({ ...base, p50Ms: 3, p99Ms: 32 });
    expect(parseAb(AB_OUTPUT, AB_CSV)).toEqual({ ...base, p50Ms: 3.455, p99Ms: 32.225 });
    const failing = AB_OUTPUT.replace(
      'Failed requests:        0',
      'Failed requests:        7\n   (Connect: 0, Receive: 7, Length: 0, Exceptions: 0)',
    ).replace('Total transferred:', 'Non-2xx responses:      12\nTotal transferred:');
    expect(parseAb(failing)).toMatchObject({ errors: 7, non2xx: 12 });
  });
  it('builds ab and wrk command lines for both shapes', () => {
    const o = { url: 'http://127.0.0.1:1/', connections: 10, requests: 10000 };
    expect(abArgs({ ...o, newConnectionPerRequest: true }, '/t/p.csv')).toEqual([
      '-q',
      '-r',
      '-n',
      '10000',
      '-c',
      '10',
      '-e',
      '/t/p.csv',
      o.url,
    ]);
    expect(abArgs({ ...o, newConnectionPerRequest: false }, '/t/p.csv')).toContain('-k');
    expect(abArgs({ ...o, newConnectionPerRequest: true, abSeconds: 1 }, '/t/p.csv').slice(0, 6)).toEqual([
      '-q',
      '-r',
      '-t',
      '1',
      '-n',
      '10000',
    ]);
    expect(wrkArgs({ ...o, newConnectionPerRequest: true, wrkSeconds: 1 })).toEqual([
      '-t1',
      '-c10',
      '-d1s',
      '--timeout',
      '30s',
      '--latency',
      '-H',
      'Connection: close',
      o.url,
    ]);
    expect(wrkArgs({ ...o, newConnectionPerRequest: false })).toEqual(['-t1', '-c10', '-d2s', '--timeout', '30s', '--latency', o.url]);
  });
  it('falls back to autocannon when a tool is missing, and reads versions', () => {
    expect(toolOrFallback('ab', new Set(['autocannon', 'ab']))).toBe('ab');
    expect(toolOrFallback('wrk', new Set(['autocannon', 'ab']))).toBe('autocannon');
    expect(parseToolVersion('This is ApacheBench, Version 2.3 <$Revision: 1913912 $>')).toBe('2.3');
    expect(parseToolVersion('wrk debian/4.1.0-3+b2 [epoll] Copyright (C) 2012 Will Glozer')).toBe('4.1.0');
    expect(parseToolVersion('wrk 4.2.0 [epoll] Copyright')).toBe('4.2.0');
    expect(parseToolVersion('nothing here')).toBe('');
  });
});

describe('runLoad against a local server', () => {
  let server: Server;
  let port = 0;
  // Connections count when they carry a request: a socket a finished client left in the listen
  // queue reaches the server later, inside the next test, with nothing on it.
  const seen = { connections: 0, requests: 0 };
  beforeAll(async () => {
    // Answers every request; closes when asked to (Connection: close, or HTTP/1.0), as HTTP says.
    server = createServer((socket) => {
      let used = false;
      socket.on('error', () => {});
      socket.on('data', (d) => {
        if (!used) seen.connections++;
        used = true;
        seen.requests++;
        const head = d.toString();
        const close = /connection: close/i.test(head) || (/^\S+ \S+ HTTP\/1\.0/.test(head) && !/keep-alive/i.test(head)); // ab: HTTP/1.0
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
    const r = await runLoad({
      url: `http://127.0.0.1:${port}/`,
      connections: 10,
      requests: 1000,
      warmupRequests: 200,
      newConnectionPerRequest: true,
    });
    expect(r.requests).toBe(1000);
    expect(r.errors).toBe(0);
    expect(r.requestsPerSec).toBeGreaterThan(0);
    expect(r.p99Ms).toBeGreaterThanOrEqual(r.p50Ms);
    expect(seen.requests).toBe(1200);
    expect(seen.connections).toBe(seen.requests); // no request lost on a closing socket
  });

  it.runIf(hasProgram('ab'))('runs ab: one connection per request, fractional percentiles', async () => {
    Object.assign(seen, { connections: 0, requests: 0 });
    const r = await runLoad({
      url: `http://127.0.0.1:${port}/`,
      connections: 10,
      requests: 500,
      newConnectionPerRequest: true,
      tool: 'ab',
    });
    expect(r).toMatchObject({ tool: 'ab', requests: 500, errors: 0, non2xx: 0 });
    expect(r.requestsPerSec).toBeGreaterThan(0);
    expect(r.p99Ms).toBeGreaterThanOrEqual(r.p50Ms);
    expect(seen).toEqual({ connections: 500, requests: 500 });
  });

  it('keeps connections alive otherwise', async () => {
    Object.assign(seen, { connections: 0, requests: 0 });
    const r = await runLoad({
      url: `http://127.0.0.1:${port}/`,
      connections: 10,
      requests: 1000,
      warmupRequests: 200,
      newConnectionPerRequest: false,
    });
    expect(r.requests).toBeGreaterThanOrEqual(1000);
    expect(seen.connections).toBe(20); // 10 per run, warm-up and measurement
  });

  it('measures run after run in one kept autocannon process, each run on its own', async () => {
    const generator = openLoadGenerator('autocannon', null);
    try {
      const runs = [5, 3].map((connections) => ({
        url: `http://127.0.0.1:${port}/`,
        connections,
        requests: 300,
        warmupRequests: connections,
        newConnectionPerRequest: false,
      }));
      Object.assign(seen, { connections: 0, requests: 0 });
      // Asked together: the generator queues them, so the two runs never share the process at once.
      const [a, b] = await Promise.all(runs.map((r) => generator.run(r)));
      expect(a).toMatchObject({ tool: 'autocannon', errors: 0, non2xx: 0 });
      expect(b).toMatchObject({ tool: 'autocannon', errors: 0, non2xx: 0 });
      expect(a!.requests).toBeGreaterThanOrEqual(300);
      expect(b!.requests).toBeGreaterThanOrEqual(300);
      expect(seen.connections).toBe(2 * (5 + 3)); // each run opens its own, warm-up and measurement
    } finally {
      await generator.stop();
    }
  });

  it('reports a kept generator whose run failed, naming it', async () => {
    const generator = openLoadGenerator('autocannon', null);
    try {
      await expect(generator.run({ url: 'not a url', connections: 1, requests: 1, newConnectionPerRequest: false })).rejects.toThrow(
        /load generator \(autocannon\)/,
      );
    } finally {
      await generator.stop();
    }
  });
});
