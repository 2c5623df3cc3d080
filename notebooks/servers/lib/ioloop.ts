/**
 * The essay's last server: an IOLoop of our own whose handlers are generators. A handler yields
 * what it is waiting for and the loop resumes it when that is ready:
 *
 *   yield conn.read()      a generator: call it, resume me with what it returns (the essay's stack)
 *   yield readable(conn)   wait until the socket has data (the essay's POLLIN registration)
 *   yield promise          wait for a promise, e.g. a database query; resume me with its value
 *
 * Underneath, Node's `net` callbacks stand in for the essay's poll(): libuv already runs the
 * kernel loop, and a 'data' event means "this socket was readable". The third kind of yield is the
 * whole of async/await: an async function is a generator that yields promises, driven by a loop
 * that resumes it when each one settles.
 */
import { once } from 'node:events';
import { createServer, type Server, type Socket } from 'node:net';
import { type Answer, response, splitRequests, wantsClose } from './http-bytes.ts';

/** "Resume me when this connection has data." */
class ReadWait {
  constructor(readonly conn: Conn) {}
}
export type Yieldable = ReadWait | Handler | PromiseLike<unknown>;
export type Handler<R = unknown> = Generator<Yieldable, R, unknown>;

export class IOLoop {
  /** Starts a handler; it runs until its first wait. An error nobody caught goes to onError. */
  spawn(handler: Handler, onError: (error: unknown) => void): void {
    this.run([handler], { value: undefined }, onError);
  }

  /** Sends a value (or throws an error) into the handler on top of the stack, until it waits or the stack is empty. */
  private run(stack: Handler[], input: { value: unknown } | { error: unknown }, onError: (error: unknown) => void): void {
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      let step: IteratorResult<Yieldable, unknown>;
      try {
        step = 'error' in input ? top.throw(input.error) : top.next(input.value);
      } catch (error) {
        stack.pop(); // the handler threw: pass the error to its caller
        input = { error };
        continue;
      }
      if (step.done) {
        stack.pop(); // it returned: resume its caller with the value
        input = { value: step.value };
      } else if (step.value instanceof ReadWait) {
        step.value.conn.wake = () => this.run(stack, { value: undefined }, onError); // the essay's POLLIN
        return;
      } else if (isGenerator(step.value)) {
        stack.push(step.value); // a call: run the callee first
        input = { value: undefined };
      } else {
        const resume = (next: { value: unknown } | { error: unknown }) => this.run(stack, next, onError);
        Promise.resolve(step.value).then(
          (value) => resume({ value }),
          (error) => resume({ error }),
        );
        return;
      }
    }
    if ('error' in input) onError(input.error);
  }
}

function isGenerator(x: unknown): x is Handler {
  return typeof x === 'object' && x !== null && typeof (x as Handler).next === 'function' && typeof (x as Handler).throw === 'function';
}

/** A socket as the essay's Stream: read() and write() are generators to yield to the loop. */
export class Conn {
  private chunks: Buffer[] = [];
  private ended = false;
  wake: (() => void) | null = null;

  constructor(readonly socket: Socket) {
    const ready = () => {
      const wake = this.wake;
      this.wake = null;
      wake?.();
    };
    socket.on('data', (chunk) => (this.chunks.push(chunk), ready()));
    socket.on('end', () => ((this.ended = true), ready()));
    socket.on('error', () => ((this.ended = true), ready()));
  }

  /** What has arrived, after waiting for the socket to be readable if nothing has; null at the end. */
  *read(): Handler<Buffer | null> {
    while (this.chunks.length === 0 && !this.ended) yield new ReadWait(this);
    return this.chunks.length > 0 ? Buffer.concat(this.chunks.splice(0)) : null;
  }

  /** Hands the bytes to the socket; waits for it to drain if the kernel's buffer is full. */
  *write(data: string): Handler<void> {
    if (!this.socket.write(data)) yield once(this.socket, 'drain');
  }

  close(): void {
    this.socket.end();
  }
}

/** The handler, as the essay wrote its _handle(): read, answer, write. */
function* handle(conn: Conn, answer: Answer): Handler {
  let pending = '';
  for (;;) {
    const chunk = (yield conn.read()) as Buffer | null; // what we yield decides what comes back: no types
    if (chunk === null) return conn.close();
    const { heads, rest } = splitRequests(pending + chunk.toString('latin1'));
    pending = rest;
    for (const head of heads) {
      const close = wantsClose(head);
      const out = answer();
      const body = typeof out === 'string' ? out : ((yield out) as string);
      yield conn.write(response(body, close));
      if (close) return conn.close();
    }
  }
}

export function ioLoopServer(answer: Answer): Server {
  const loop = new IOLoop();
  return createServer({ noDelay: true }, (socket) => {
    loop.spawn(handle(new Conn(socket), answer), () => socket.destroy());
  });
}
