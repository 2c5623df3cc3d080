/**
 * One C10K measurement: start a server, open `n` idle connections to it, read its resident memory,
 * close everything. Watches the server meanwhile, so a server that cannot take more connections
 * (file descriptors, memory) ends the step with its own message instead of a client timeout.
 */
import { closeConnections, openConnections } from './c10k-client.ts';
import { startC10kServer, type ServerKind } from './c10k-server.ts';

export interface Step {
  seconds: number;
  rssBytes: number;
  rssPerConnection: number;
}

export async function holdIdle(kind: ServerKind, n: number): Promise<Step> {
  const server = await startC10kServer(kind);
  let watching = true;
  try {
    const serverError = (async () => {
      while (watching) {
        const { error } = await server.stats();
        if (error) throw new Error(error);
        await new Promise((r) => setTimeout(r, 200));
      }
    })();
    const opened = await Promise.race([openConnections(server.port, n), serverError.then(() => never())]);
    watching = false;
    await new Promise((r) => setTimeout(r, 100)); // let the last threads settle before reading memory
    const stats = await server.stats();
    if (stats.error) throw new Error(stats.error);
    if (stats.ready < n) throw new Error(`the ${kind} server served ${stats.ready} of ${n} connections`);
    await closeConnections(opened.sockets);
    return { seconds: opened.seconds, rssBytes: stats.rss, rssPerConnection: (stats.rss - stats.baselineRss) / n };
  } finally {
    watching = false;
    await server.stop();
  }
}

const never = () => new Promise<never>(() => {});
