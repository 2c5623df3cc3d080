import { afterEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { connect, runnerProblem } from './kernel.ts';
import { ROOT } from '../../tests/helpers/sandbox.ts';

const before = process.env.AM_NODE;
afterEach(() => {
  if (before === undefined) delete process.env.AM_NODE;
  else process.env.AM_NODE = before;
});

describe("the notebook's connection to the runner", () => {
  it('starts from a checkout with its packages, on this Node', () => {
    process.env.AM_NODE = process.execPath;
    expect(runnerProblem(ROOT)).toBeUndefined();
  });

  it('names what to install when Node is missing', () => {
    process.env.AM_NODE = join(ROOT, 'no-such-node');
    expect(runnerProblem(ROOT)).toMatch(/^needs Node\.js 20\.19 or later to run the project's runner: install it/);
  });

  it('says to run npm install in a checkout without its packages', () => {
    process.env.AM_NODE = process.execPath;
    expect(runnerProblem('/')).toMatch(/has not installed its packages .*npm install/);
  });

  it("refuses to connect outside Deno's Jupyter kernel", async () => {
    await expect(connect(ROOT)).rejects.toThrow(/inside Deno's Jupyter kernel/);
  });
});
