/** A framework in Tornado's role: Fastify (routing, hooks, serialisation) on top of Node's http. */
import Fastify from 'fastify';
import { type Answer, type Listening, withAnswer } from './http-bytes.ts';

export async function listenFastify(answer: Answer, port = 0): Promise<Listening> {
  const app = Fastify({ logger: false });
  app.get('/', (_request, reply) => {
    withAnswer(
      answer,
      (body) => void reply.type('text/plain').send(body),
      (error) => void reply.send(error),
    );
  });
  await app.listen({ port, host: '127.0.0.1' });
  return { port: (app.server.address() as { port: number }).port, close: () => app.close() };
}
