/**
 * The Astro integration that turns the site into the local notebook: the runner middleware in
 * front of everything the dev server serves, and the live client on every page. Only
 * runners/bin/start.ts adds it; the static build never sees it.
 */
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import type { IncomingMessage, ServerResponse } from 'node:http';

type Middleware = (req: IncomingMessage, res: ServerResponse, next: (e?: unknown) => void) => void;

const LIVE_CLIENT = fileURLToPath(new URL('../src/client/live.ts', import.meta.url));

export function runnerIntegration(middleware: Middleware): AstroIntegration {
  return {
    name: 'async-measured-runner',
    hooks: {
      'astro:config:setup': ({ injectScript }) => {
        injectScript('page', `import ${JSON.stringify(LIVE_CLIENT)};`);
      },
      'astro:server:setup': ({ server }) => {
        // First in the stack: nothing the dev server has (pages, /@fs/, modules) answers without auth.
        server.middlewares.stack.unshift({ route: '', handle: middleware as never });
      },
    },
  };
}
