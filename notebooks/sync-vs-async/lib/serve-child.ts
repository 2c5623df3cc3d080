/**
 * How every server of this chapter listens, once it is built: on 127.0.0.1 and a free port, with a
 * backlog deep enough for a burst of 1,000 new connections (the servers chapter's listenOn), and
 * stopping cleanly when the parent says so (SIGTERM, or the IPC channel closing): close the
 * listener, end the open connections, release what the server holds (a database pool), then exit;
 * after a second, exit regardless. Not unit-tested (it exits the process); listen.test.ts covers
 * the listening, the chapter's integration tests the stopping.
 * Shared by the deployments (deployments.ts), the blocking-handler servers (hog-server.ts) and the
 * database deployments (db-deployments.ts), each a child started by ../../lib/child-server.ts.
 */
import type { Server } from 'node:net';
import { listenOn } from '../../servers/lib/listen.ts';

/** In a child: listens, and on SIGTERM or disconnect closes, releases `release` (if any) and exits. */
export async function serveUntilStopped(server: Server, release?: () => Promise<void>): Promise<number> {
  const listening = await listenOn(server, 0, 4096); // a burst of 1,000 new connections waits in the backlog
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
