/**
 * Just enough HTTP/1.1 for the hand-written servers (raw `net`, streams, the generator IOLoop):
 * find where each request's head ends, tell whether the client asked to close, and build a
 * correct response. The essay's servers answered `HTTP 1.0 200 OKrnrnhello world`: a blog
 * engine ate the backslashes of `\r\n\r\n`, and `HTTP 1.0` lacks its slash; ab accepted it anyway.
 * Ours send a status line, Content-Length and, when closing, `Connection: close`.
 * No request bodies and no pipelining: ab, autocannon and wrk send a GET and wait for its answer.
 */
export type Answer = () => string | Promise<string>;

/** A running server, in whatever style: its port and how to stop it. */
export interface Listening {
  port: number;
  close(): Promise<void>;
}

const END_OF_HEAD = '\r\n\r\n';

/** Pure: the complete request heads in `pending`, and what is left over (an incomplete head). */
export function splitRequests(pending: string): { heads: string[]; rest: string } {
  const heads: string[] = [];
  let at = 0;
  for (let end = pending.indexOf(END_OF_HEAD); end !== -1; end = pending.indexOf(END_OF_HEAD, at)) {
    heads.push(pending.slice(at, end));
    at = end + END_OF_HEAD.length;
  }
  return { heads, rest: pending.slice(at) };
}

/** Pure: whether the connection ends after this request (HTTP/1.1 closes only when asked; 1.0 unless asked to keep alive; `close` wins). */
export function wantsClose(head: string): boolean {
  // Every Connection line counts: autocannon sends `Connection: keep-alive` and then ours, `close`.
  const connection = [...head.matchAll(/^connection:[ \t]*([^\r\n]*)/gim)].map((m) => m[1]!.toLowerCase()).join(', ');
  if (/\bclose\b/.test(connection)) return true;
  return /^\S+ \S+ HTTP\/1\.0/.test(head) && !/\bkeep-alive\b/.test(connection);
}

/** Pure: a complete HTTP/1.1 response with a text body. */
export function response(body: string, close: boolean): string {
  return (
    'HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n' +
    `Content-Length: ${Buffer.byteLength(body)}\r\n${close ? 'Connection: close\r\n' : ''}\r\n${body}`
  );
}

/** Calls `then` with the answer: at once when it is a string, after it settles when it is a promise. */
export function withAnswer(answer: Answer, then: (body: string) => void, fail: (error: unknown) => void): void {
  const out = answer();
  if (typeof out === 'string') then(out);
  else out.then(then, fail);
}
