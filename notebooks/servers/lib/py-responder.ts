/**
 * Starts epoll_responder.py (a bare CPython `select.epoll` canned responder) pinned to `cpus`, and
 * waits for its port. It answers with the same bytes as the Node canned responder. With a new
 * connection per request it is the faster of the two on this machine, so it measures the load
 * generator's ceiling in those shapes. Without /usr/bin/python3 (AM_PYTHON overrides) there is
 * none: responderPython() says so, and the caller falls back to the Node responder.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { stopChild, untilListening } from '../../lib/child-life.ts';
import type { RunningChild } from '../../lib/child-server.ts';
import { pinnedCommand } from '../../lib/cpus.ts';
import { response } from './http-bytes.ts';

const FILE = fileURLToPath(new URL('./epoll_responder.py', import.meta.url));

/** The Python that runs it, or undefined when there is none. */
export function responderPython(): string | undefined {
  const python = process.env.AM_PYTHON || '/usr/bin/python3';
  return existsSync(python) ? python : undefined;
}

export async function startPyResponder(close: boolean, cpus: string | null): Promise<RunningChild> {
  const python = responderPython();
  if (!python) throw new Error('the epoll responder needs /usr/bin/python3 (or AM_PYTHON)');
  const [cmd, args] = pinnedCommand(cpus, python, ['-B', FILE, response('hello world', close), close ? 'close' : 'keep-alive']);
  const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = Number(await untilListening(child, 'the Python epoll responder', 'stdout'));
  return { url: `http://127.0.0.1:${port}/`, pids: [child.pid!], workerPids: [child.pid!], stop: () => stopChild(child) };
}
