/** A variant in this process's event loop: open `concurrency` connections, time the load, close them. */
import type { Line } from './dataset.ts';
import { drive, now, type Variant } from './drive.ts';

export interface Loader {
  load(line: Line): Promise<unknown>;
  close(): Promise<unknown>;
}

export function eventLoop(url: string, lines: readonly Line[], open: (url: string, concurrency: number) => Promise<Loader>): Variant {
  return {
    async run(concurrency, seconds) {
      const loader = await open(url, concurrency);
      try {
        return await drive(lines, concurrency, now() + seconds * 1000, loader.load);
      } finally {
        await loader.close();
      }
    },
    close: async () => {},
  };
}
