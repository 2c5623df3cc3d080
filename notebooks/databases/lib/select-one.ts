/**
 * One connection per driver, each with a function that makes one round trip (`SELECT 1`, the
 * simple query protocol): pg parses the wire protocol in JavaScript; pg-native hands it to libpq,
 * C, either asynchronously (its callback API, waiting on this event loop) or blocking (querySync).
 */
import pg from 'pg';
import Native from 'pg-native';

const SELECT_ONE = 'SELECT 1';

/** The callback half of pg-native's API, which its declaration in notebooks/lib/types leaves out. */
interface NativeAsync {
  connect(url: string, done: (error?: Error) => void): void;
  query(text: string, done: (error: Error | null, rows: unknown[]) => void): void;
}

export type SelectOne =
  | { variant: 'pg' | 'pg-native'; blocking: false; query: () => Promise<unknown>; close(): Promise<void> }
  | { variant: 'pg-native-sync'; blocking: true; query: () => unknown; close(): Promise<void> };

const callback = <T>(run: (done: (error: Error | null | undefined, value?: T) => void) => void) =>
  new Promise<T>((resolve, reject) => run((error, value) => (error ? reject(error) : resolve(value as T))));

/** Opens a connection for each driver, in this order: pg, pg-native (async), pg-native (blocking). */
export async function openSelectOne(url: string): Promise<SelectOne[]> {
  const js = new pg.Client({ connectionString: url });
  await js.connect();
  const nat = new Native() as Native & NativeAsync;
  await callback((done) => nat.connect(url, done));
  const sync = new Native();
  sync.connectSync(url);
  return [
    { variant: 'pg', blocking: false, query: () => js.query(SELECT_ONE), close: () => js.end() },
    { variant: 'pg-native', blocking: false, query: () => callback((done) => nat.query(SELECT_ONE, done)), close: async () => nat.end() },
    { variant: 'pg-native-sync', blocking: true, query: () => sync.querySync(SELECT_ONE), close: async () => sync.end() },
  ];
}
