/** Node's own HTTP server: llhttp parses the request, keep-alive and `Connection: close` are handled for us. */
import { createServer, type Server } from 'node:http';
import { type Answer, withAnswer } from './http-bytes.ts';

export function httpServer(answer: Answer): Server {
  return createServer((_req, res) => {
    const reply = (body: string) => {
      res.writeHead(200, { 'content-type': 'text/plain', 'content-length': Buffer.byteLength(body) }).end(body);
    };
    withAnswer(answer, reply, () => res.writeHead(500).end());
  });
}
