/**
 * Listens a `net` (or `http`) server on 127.0.0.1 (a free port unless given one, and a `backlog` of
 * pending connections); returns its port and a close that ends its connections and waits.
 */
import type { Server, Socket } from 'node:net';
import type { Listening } from './http-bytes.ts';

export function listenOn(server: Server, port = 0, backlog = 1024): Promise<Listening> {
  // close() waits for open connections to end: track them so closing can end them first.
  const sockets = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port, host: '127.0.0.1', backlog }, () => {
      const close = () =>
        new Promise<void>((done) => {
          server.close(() => done());
          for (const socket of sockets) socket.destroy();
        });
      resolve({ port: (server.address() as { port: number }).port, close });
    });
  });
}
