import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../core/random.ts';
import { delayFor, httpbinBody, startLatencyServer } from './latency-server.ts';
import { isRunning as alive } from '../../tests/helpers/process.ts';

describe('latency server helpers', () => {
  it('draws delays within delay ± jitter, never below zero', () => {
    const u = mulberry32(1);
    for (let i = 0; i < 1000; i++) {
      const d = delayFor({ delayMs: 100, jitterMs: 20 }, u());
      expect(d).toBeGreaterThanOrEqual(80);
      expect(d).toBeLessThanOrEqual(120);
    }
    expect(delayFor({ delayMs: 5, jitterMs: 50 }, 0)).toBe(0);
  });

  it('draws the jitter it drew before it used core/random.ts (seed 2016, the default)', () => {
    const u = mulberry32(2016);
    expect([u(), u(), u(), u()]).toEqual([0.150090356124565, 0.14712532050907612, 0.2945387258660048, 0.05548096727579832]);
  });

  it('answers like httpbin /get', () => {
    expect(httpbinBody('/get?a=3', { host: 'x' }, '127.0.0.1:8080')).toMatchObject({
      args: { a: '3' },
      url: 'http://127.0.0.1:8080/get?a=3',
    });
  });
});

describe('latency server', () => {
  it('answers after its delay, counts concurrency, and is gone after stop', async () => {
    const server = await startLatencyServer({ delayMs: 100, jitterMs: 10 });
    try {
      const t = performance.now();
      const bodies = await Promise.all([1, 2, 3].map((a) => fetch(`${server.url}/get?a=${a}`).then((r) => r.json())));
      const ms = performance.now() - t;
      expect(bodies.map((b) => b.args.a)).toEqual(['1', '2', '3']);
      expect(ms).toBeGreaterThanOrEqual(85); // at least one delay, and not three in a row
      expect(await server.stats()).toEqual({ requests: 3, peakInFlight: 3 });
    } finally {
      await server.stop();
    }
    expect(alive(server.pid)).toBe(false);
  });
});
