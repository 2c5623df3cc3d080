/**
 * The essay's poll / kqueue / selectors servers, on Node. There, a loop asked the kernel which
 * sockets were ready and called a handler for each. Here libuv runs that loop (epoll on Linux,
 * kqueue on macOS) and calls our 'data' callback when a socket is readable: we read, write, and
 * close when the client asked us to (every request, in ab's shape).
 */
import { createServer, type Server } from 'node:net';
import { type Answer, response, splitRequests, wantsClose, withAnswer } from './http-bytes.ts';

export function rawNetServer(answer: Answer): Server {
  return createServer({ noDelay: true }, (socket) => {
    let pending = '';
    socket.on('error', () => socket.destroy());
    socket.on('data', (chunk) => {
      const { heads, rest } = splitRequests(pending + chunk.toString('latin1'));
      pending = rest;
      for (const head of heads) {
        const close = wantsClose(head);
        const reply = (body: string) => {
          socket.write(response(body, close));
          if (close) socket.end();
        };
        withAnswer(answer, reply, () => socket.destroy());
      }
    });
  });
}
