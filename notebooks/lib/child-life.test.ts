// Real children (node -e): they say where they listen on stdout or over IPC, fail before it, and
// end on stop() even when they ignore SIGTERM, with every process they started.
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { isAlive as alive } from '../../store/pid.ts';
import { stopChild, untilListening } from './child-life.ts';

const node = (script: string, ipc = false) =>
  spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit', ...(ipc ? (['ipc'] as const) : [])] });

describe('child-life', () => {
  it('hears the first stdout line or IPC message, then stops the child', async () => {
    const byLine = node('console.log(4321); setInterval(() => {}, 1e6)');
    expect(await untilListening(byLine, 'the line child', 'stdout')).toBe('4321');
    const byMessage = node('process.send({ port: 1234 }); setInterval(() => {}, 1e6)', true);
    expect(await untilListening(byMessage, 'the message child', 'ipc')).toEqual({ port: 1234 });
    await Promise.all([stopChild(byLine), stopChild(byMessage)]);
    expect([byLine.signalCode, byMessage.signalCode]).toEqual(['SIGTERM', 'SIGTERM']);
    await stopChild(byLine); // stopping again is a no-op
  });

  it('names a child that exits before it listens', async () => {
    await expect(untilListening(node('process.exit(2)'), 'the test child', 'stdout')).rejects.toThrow(
      'the test child exited (code 2) before it listened',
    );
  });

  it('kills what ignores SIGTERM, grandchildren included, and returns once all are gone', async () => {
    const ignoring = 'process.on("SIGTERM", () => {}); setInterval(() => {}, 1e6);';
    const child = node(
      `${ignoring} const g = require("node:child_process").spawn(process.execPath, ["-e", ${JSON.stringify(`${ignoring} console.log("up")`)}], { stdio: ["ignore", "pipe", "inherit"] });` +
        ' g.stdout.once("data", () => console.log(g.pid));',
    );
    const grandchild = Number(await untilListening(child, 'the stubborn child', 'stdout'));
    expect(alive(grandchild)).toBe(true);
    await stopChild(child, [child.pid!, grandchild]);
    expect(child.signalCode).toBe('SIGKILL');
    expect(alive(grandchild)).toBe(false);
  }, 20_000);
});
