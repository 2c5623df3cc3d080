/**
 * The essay's asyncio streams server (`yield from reader.read()`, `writer.write()`,
 * `yield from writer.drain()`) on Node: `for await` over the socket reads chunk by chunk, and
 * awaiting 'drain' when write() says the buffer is full is `writer.drain()`.
 */
import { once } from 'node:events';
import { createServer, type Server, type Socket } from 'node:net';
import { type Answer, response, splitRequests, wantsClose } from './http-bytes.ts';

async function serve(socket: Socket, answer: Answer): Promise<void> {
  let pending = '';
  let closing = false;
  for await (const chunk of socket) {
    if (closing) continue; // leaving the loop would destroy the socket; let the client close it
    const { heads, rest } = splitRequests(pending + (chunk as Buffer).toString('latin1'));
    pending = rest;
    for (const head of heads) {
      const close = wantsClose(head);
      const out = answer();
      const body = typeof out === 'string' ? out : await out;
      if (!socket.write(response(body, close))) await once(socket, 'drain');
      if (close) {
        socket.end();
        closing = true;
        break;
      }
    }
  }
}

export function streamsServer(answer: Answer): Server {
  return createServer({ noDelay: true }, (socket) => void serve(socket, answer).catch(() => socket.destroy()));
}
