/**
 * Several servers kept running for a whole interleaved measurement: each is started once (and
 * warmed once), then measured trial after trial, instead of paying a process start per trial. An
 * idle server waits in epoll and takes no CPU from the one being measured. `epoll-close` is not a
 * Node server but the CPython canned responder (py-responder.ts), the ceiling of the
 * new-connection shapes.
 */
import { startPyResponder } from './py-responder.ts';
import { type RunningServer, type ServerSpec, startServer } from './server-process.ts';

/** A Node server's spec, or the CPython epoll responder closing each connection. */
export type SetSpec = ServerSpec | 'epoll-close';
const start = (spec: SetSpec, cpus: string | null) => (spec === 'epoll-close' ? startPyResponder(true, cpus) : startServer(spec, cpus));

export interface ServerSet<K> {
  url(key: K): string;
  stop(): Promise<void>;
}

/** Starts every server (each on its CPUs); if one fails to start, stops the others and throws. */
export async function startServers<K>(wanted: { key: K; spec: SetSpec; cpus: string | null }[]): Promise<ServerSet<K>> {
  const started = await Promise.allSettled(wanted.map((w) => start(w.spec, w.cpus)));
  const running = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  const stop = async () => void (await Promise.all(running.map((s) => s.stop())));
  const failed = started.find((s) => s.status === 'rejected');
  if (failed) {
    await stop();
    throw failed.reason;
  }
  const byKey = new Map<K, RunningServer>(wanted.map((w, i) => [w.key, running[i]!]));
  return {
    url(key) {
      const server = byKey.get(key);
      if (!server) throw new Error(`no server started for ${String(key)}`);
      return server.url;
    },
    stop,
  };
}
