/**
 * The cheapest responder possible, to measure the load generator's ceiling: no parsing at all,
 * one canned response per chunk received, closing after it or not as it was told at start. No
 * server can answer faster on this machine, so a server that comes within ~10% of it is limited by
 * the load generator, not by its own speed.
 */
import { createServer, type Server } from 'node:net';
import { response } from './http-bytes.ts';

export function cannedServer(close: boolean): Server {
  const bytes = Buffer.from(response('hello world', close));
  return createServer({ noDelay: true }, (socket) => {
    socket.on('error', () => socket.destroy());
    socket.on('data', close ? () => void socket.end(bytes) : () => void socket.write(bytes));
  });
}
