/**
 * How every server of this chapter listens, once it is built: on 127.0.0.1 and a free port, with a
 * backlog deep enough for a burst of 1,000 new connections, and stopping cleanly when the parent
 * says so (SIGTERM, or the IPC channel closing): close the listener, end the open connections,
 * release what the server holds (a database pool), then exit; after a second, exit regardless.
 * Shared by the deployments (deployments.ts), the blocking-handler servers (hog-server.ts) and the
 * database deployments (db-deployments.ts), each a child started by ../../lib/child-server.ts.
 */
import type { Server, Socket } from 'node:net';

export interface Listening {
  port: number;
  /** Closes the listener and ends every open connection; resolves once the listener is closed. */
  close(): Promise<void>;
}

/** Listens `server` on 127.0.0.1 and a free port, tracking its connections so close() can end them. */
export function listenLoopback(server: Server, backlog = 4096): Promise<Listening> {
  const sockets = new Set<Socket>();
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.once('close', () => sockets.delete(s));
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port: 0, host: '127.0.0.1', backlog }, () => {
      const close = () =>
        new Promise<void>((done) => {
          server.close(() => done());
          for (const s of sockets) s.destroy();
        });
      resolve({ port: (server.address() as { port: number }).port, close });
    });
  });
}

/** In a child: listens, and on SIGTERM or disconnect closes, releases `release` (if any) and exits. */
export async function serveUntilStopped(server: Server, release?: () => Promise<void>): Promise<number> {
  const listening = await listenLoopback(server);
  const stop = () => {
    setTimeout(() => process.exit(0), 1000).unref();
    void listening
      .close()
      .then(() => release?.())
      .finally(() => process.exit(0));
  };
  process.once('SIGTERM', stop);
  process.once('disconnect', stop);
  return listening.port;
}
