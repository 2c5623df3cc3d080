import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { IOLoop, type Handler } from './ioloop.ts';
import { listenOn } from './listen.ts';
import { ioLoopServer } from './ioloop.ts';

describe('IOLoop', () => {
  it('runs nested generators and promises, passing return values back up the stack', async () => {
    const loop = new IOLoop();
    const seen: unknown[] = [];
    function* inner(): Handler<number> {
      const v = (yield Promise.resolve(20)) as number;
      return v + 1;
    }
    function* outer(): Handler<void> {
      seen.push((yield inner()) as number);
      seen.push((yield Promise.resolve('db row')) as string);
    }
    await new Promise<void>((done) => {
      loop.spawn(
        (function* () {
          yield outer();
          done();
        })(),
        (e) => seen.push(e),
      );
    });
    expect(seen).toEqual([21, 'db row']);
  });

  it('throws a rejected promise into the handler, and hands an uncaught error to onError', async () => {
    const loop = new IOLoop();
    const caught: unknown[] = [];
    function* failing(): Handler<void> {
      try {
        yield Promise.reject(new Error('query failed'));
      } catch (e) {
        caught.push((e as Error).message);
      }
      throw new Error('not handled');
    }
    const uncaught = await new Promise<unknown>((resolve) => loop.spawn(failing(), resolve));
    expect(caught).toEqual(['query failed']);
    expect((uncaught as Error).message).toBe('not handled');
  });

  it('serves HTTP: two keep-alive requests on one connection, then close', async () => {
    const server = await listenOn(ioLoopServer(() => Promise.resolve('from a promise')));
    try {
      const text = await new Promise<string>((resolve) => {
        let out = '';
        const c = connect(server.port, '127.0.0.1', () => {
          c.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n');
          setTimeout(() => c.write('GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'), 20);
        });
        c.on('data', (d) => (out += d));
        c.on('close', () => resolve(out));
      });
      expect(text.match(/HTTP\/1\.1 200 OK/g)).toHaveLength(2);
      expect(text.endsWith('Connection: close\r\n\r\nfrom a promise')).toBe(true);
    } finally {
      await server.close();
    }
  });
});
