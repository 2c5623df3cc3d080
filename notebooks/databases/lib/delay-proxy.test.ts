import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { isRunning } from '../../../tests/helpers/process.ts';
import { startDelayProxy, throughProxy, type DelayProxy } from './delay-proxy.ts';

const clock = () => Number(process.hrtime.bigint()) / 1e6;

// An echo server on 127.0.0.1 (it answers a half-close by ending its side once it has echoed all),
// and one proxy in front of it for every test.
let echo: Server;
let proxy: DelayProxy;
beforeAll(async () => {
  echo = createServer({ allowHalfOpen: true }, (s) => s.pipe(s));
  await new Promise<void>((r) => echo.listen(0, '127.0.0.1', r));
  proxy = await startDelayProxy(null);
  await proxy.forwardTo(`postgres://u@127.0.0.1:${(echo.address() as { port: number }).port}/db`);
});
afterAll(async () => {
  await proxy.stop();
  await new Promise<void>((r) => echo.close(() => r()));
});

function open(): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const s = connect({ host: '127.0.0.1', port: proxy.port, noDelay: true, allowHalfOpen: true }, () => resolve(s));
    s.once('error', reject);
  });
}

/** Resolves with what `s` receives once it has `length` characters. */
function receive(s: Socket, length: number): Promise<string> {
  return new Promise((resolve) => {
    let got = '';
    const on = (d: Buffer) => {
      got += d;
      if (got.length >= length) s.off('data', on), resolve(got);
    };
    s.on('data', on);
  });
}

describe('delay proxy', () => {
  it('rewrites a connection string to go through it', () => {
    expect(throughProxy('postgres://postgres:pw@10.0.0.9:5432/db?x=1', 4000)).toBe('postgres://postgres:pw@127.0.0.1:4000/db?x=1');
  });

  it('adds its round trip, never less, and keeps each direction in order', async () => {
    for (const ms of [0, 5]) {
      await proxy.setRoundTrip(ms);
      const s = await open();
      const times: number[] = [];
      for (let i = 0; i < 10; i++) {
        const t = clock();
        const back = receive(s, `ping ${i};`.length);
        s.write(`ping ${i};`);
        expect(await back).toBe(`ping ${i};`);
        times.push(clock() - t);
      }
      expect(Math.min(...times)).toBeGreaterThanOrEqual(ms);
      // Many chunks at once come back whole and in order.
      const burst = Array.from({ length: 300 }, (_, i) => `${i},`).join('');
      const back = receive(s, burst.length);
      for (const part of burst.match(/.{1,40}/g)!) s.write(part);
      expect(await back).toBe(burst);
      s.destroy();
    }
    expect(await proxy.cpuSeconds()).toBeGreaterThan(0);
  });

  it('passes a half-close on, after the data before it', async () => {
    await proxy.setRoundTrip(1);
    const s = await open();
    let answer = '';
    s.on('data', (d) => (answer += d));
    const closed = new Promise((r) => s.on('close', r));
    s.end('bye');
    await closed;
    expect(answer).toBe('bye');
  });

  it('is gone after stop', async () => {
    await proxy.stop();
    expect(isRunning(proxy.pid)).toBe(false);
  });
});
