/**
 * The client side of C10K: open `n` idle connections to a server and wait until every one has
 * been greeted, `batch` connection attempts in flight at a time (a burst of ten thousand SYNs
 * would overflow the accept queue and time the kernel's retries instead of the server).
 */
import { connect, type Socket } from 'node:net';
import { isTooManyFiles, openFilesLimit, tooManyFilesMessage } from './fd-limit.ts';

export interface Opened {
  sockets: Socket[];
  seconds: number;
}

function open(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ port, host: '127.0.0.1' });
    socket.once('error', reject);
    socket.once('close', () => reject(new Error('the server closed a connection before greeting it')));
    socket.once('data', () => {
      socket.removeAllListeners('close');
      socket.removeListener('error', reject);
      socket.on('error', () => {});
      resolve(socket);
    });
  });
}

export async function openConnections(port: number, n: number, batch = 200, deadlineMs = 120_000): Promise<Opened> {
  const limit = openFilesLimit();
  if (limit !== null && n + 64 > limit) throw new Error(tooManyFilesMessage('the client (this cell)', n, limit));
  const sockets: Socket[] = [];
  const start = performance.now();
  let next = 0;
  const lane = async () => {
    while (next < n) {
      next++;
      if (performance.now() - start > deadlineMs) throw new Error(`opening ${n} connections took longer than ${deadlineMs / 1000} s`);
      sockets.push(await open(port));
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(batch, n) }, lane));
  } catch (error) {
    sockets.forEach((s) => s.destroy());
    if (isTooManyFiles(error)) throw new Error(tooManyFilesMessage('the client (this cell)', n, limit));
    throw error;
  }
  return { sockets, seconds: (performance.now() - start) / 1000 };
}

/** Closes every connection and waits until they are closed. */
export async function closeConnections(sockets: Socket[]): Promise<void> {
  await Promise.all(
    sockets.map((s) => new Promise<void>((resolve) => (s.destroyed ? resolve() : (s.once('close', () => resolve()), s.destroy())))),
  );
}
