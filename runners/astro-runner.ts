/**
 * The Astro integration that turns the site into the local notebook: the runner middleware in
 * front of everything the dev server serves, and the live client on every page. Only
 * runners/bin/start.ts adds it; the static build never sees it.
 */
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';

type Middleware = (req: IncomingMessage, res: ServerResponse, next: (e?: unknown) => void) => void;
type UpgradeGuard = (req: IncomingMessage, socket: Duplex) => boolean;

const LIVE_CLIENT = fileURLToPath(new URL('../src/client/live.ts', import.meta.url));

export function runnerIntegration(middleware: Middleware, guardUpgrade: UpgradeGuard): AstroIntegration {
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
            optimizeDeps: { include: ['@observablehq/plot', 'codemirror', '@codemirror/view', '@codemirror/state', '@codemirror/lang-javascript', '@codemirror/language', '@lezer/highlight', 'zod'] },
          },
        });
      },
      'astro:server:setup': ({ server }) => {
        // First in the stack: nothing the dev server has (pages, /@fs/, modules) answers without auth.
        server.middlewares.stack.unshift({ route: '', handle: middleware as never });
        // WebSocket upgrades (the dev server's reload channel) bypass middleware: check them first.
        server.httpServer?.prependListener('upgrade', (req: IncomingMessage, socket: Duplex) => {
          if (!guardUpgrade(req, socket)) socket.on('error', () => {});
        });
      },
    },
  };
}
