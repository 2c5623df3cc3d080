/**
 * A TCP port free on 127.0.0.1 right now, for a program that must be told its port before it
 * starts (PostgreSQL, the local runner in tests). Servers we start ourselves listen on port 0
 * instead and report the port they got, which cannot race; this one can (another program may take
 * the port between the check and the start), so use it only where there is no port 0.
 */
import { createServer } from 'node:net';

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
    s.once('error', reject);
  });
}
