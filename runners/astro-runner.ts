/**
 * The Astro integration that turns the site into the local notebook: the runner middleware in
 * front of everything the dev server serves, and the live client on every page. Only
 * runners/bin/start.ts adds it; the static build never sees it.
 */
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { installGate, type GateOptions } from './gate.ts';

type Middleware = (req: IncomingMessage, res: ServerResponse, next: (e?: unknown) => void) => void;

const LIVE_CLIENT = fileURLToPath(new URL('../src/client/live.ts', import.meta.url));

export function runnerIntegration(middleware: Middleware, gate: GateOptions): AstroIntegration {
  return {
    name: 'async-measured-runner',
    hooks: {
      'astro:config:setup': ({ injectScript, updateConfig }) => {
        injectScript('page', `import ${JSON.stringify(LIVE_CLIENT)};`);
        // Pages rendered by the runner show a broken results file in place instead of failing.
        updateConfig({
          vite: {
            define: { 'import.meta.env.AM_LIVE_RUNNER': 'true' },
            // Bundled up front: a dependency Vite discovers on first use (the editor is loaded on
            // demand) makes it re-optimise and reload the page, losing what the reader typed.
            optimizeDeps: {
              include: [
                '@observablehq/plot',
                'codemirror',
                '@codemirror/view',
                '@codemirror/state',
                '@codemirror/lang-javascript',
                '@codemirror/language',
                '@lezer/highlight',
                'zod',
              ],
            },
          },
        });
      },
      'astro:server:setup': ({ server }) => {
        // The gate wraps the HTTP server itself, so no middleware of the dev server (pages, /@fs/,
        // modules, its error pages) and no upgrade listener (its reload WebSocket) runs before it.
        if (!server.httpServer) throw new Error('the local runner needs the dev server to own its HTTP server');
        installGate(server.httpServer as Server, gate);
        // Then the API, first in the stack of what passed the gate.
        server.middlewares.stack.unshift({ route: '', handle: middleware as never });
      },
    },
  };
}
