// pg-native ships no types; this is the part of its API the cells use.
declare module 'pg-native' {
  export default class Client {
    connectSync(connectionString?: string): void;
    querySync(text: string, values?: unknown[]): Array<Record<string, unknown>>;
    end(callback?: () => void): void;
  }
}
