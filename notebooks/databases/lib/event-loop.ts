/** A variant in this process's event loop: `open` connects a driver's pool (untimed), each `run` times one load on it. */
import type { Line } from './dataset.ts';
import { drive, type LoadLine, type Variant } from './drive.ts';

export interface Loader {
  load: LoadLine;
  close(): Promise<unknown>;
}

export function eventLoop(url: string, lines: readonly Line[], open: (url: string, concurrency: number) => Promise<Loader>): Variant {
  return {
    async open(concurrency) {
      const loader = await open(url, concurrency);
      return {
        run: (limits) => drive(lines, concurrency, limits, loader.load),
        close: async () => void (await loader.close()),
      };
    },
    close: async () => {},
  };
}
