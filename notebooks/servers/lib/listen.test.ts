import { connect, createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { listenOn } from './listen.ts';

const opened = (port: number) =>
  new Promise<ReturnType<typeof connect>>((resolve, reject) => {
    const s = connect({ port, host: '127.0.0.1' }, () => resolve(s));
    s.once('error', reject);
  });

describe('listenOn', () => {
  it('listens on 127.0.0.1 and a free port, and close() ends the open connections', async () => {
    const server = createServer(() => {});
    const listening = await listenOn(server, 0, 4096);
    expect(listening.port).toBeGreaterThan(0);
    expect((server.address() as { address: string }).address).toBe('127.0.0.1');
    const seen = new Promise((resolve) => server.once('connection', resolve));
    const client = await opened(listening.port);
    const ended = new Promise<void>((resolve) => client.once('close', () => resolve()));
    await seen;
    await listening.close();
    await ended;
    expect(server.listening).toBe(false);
  });
});
