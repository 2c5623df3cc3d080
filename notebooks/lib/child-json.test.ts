// Real children (node -e), briefly: what the helper returns, and what its errors say.
import { describe, expect, it } from 'vitest';
import { ChildError, childJson, childOutput, failureMessage, lastJsonLine, startChild, stderrTail } from './child-json.ts';
import { hasProgram } from './cpus.ts';

const node = (script: string, name = 'the test child') => ({ name, command: process.execPath, args: ['-e', script] });

describe('child-json, pure parts', () => {
  it('reads the last non-empty line as JSON, whatever came before', () => {
    expect(lastJsonLine('c', 'a warning\n{"n":1}\n\n')).toEqual({ n: 1 });
    expect(() => lastJsonLine('the child', 'Error: boom\n', 'stack here')).toThrow(
      /^the child printed no JSON answer \(its last line: "Error: boom"\): stack here$/,
    );
  });

  it('says how the child ended, with the tail of its stderr', () => {
    expect(failureMessage('the child', { code: 2 }, 'bad\n')).toBe('the child exited with code 2: bad');
    expect(failureMessage('the child', { code: null, signal: 'SIGKILL' }, '')).toBe('the child was killed (SIGKILL) (nothing on stderr)');
    expect(failureMessage('the child', { code: 1 }, 'x', 'before answering "a"')).toBe(
      'the child exited with code 1 before answering "a": x',
    );
    expect(stderrTail(`${'a'.repeat(1000)}end`, 10)).toBe('…aaaaaaaend');
  });
});

describe('childJson and childOutput', () => {
  it('return the JSON answer (checked when asked) and the whole output', async () => {
    expect(await childJson(node('console.log("starting"); console.log(JSON.stringify({ ok: 1 }))'))).toEqual({ ok: 1 });
    const checked = await childJson(node('console.log("[1,2]")'), (v) => {
      if (!Array.isArray(v)) throw new Error('not a list');
      return v as number[];
    });
    expect(checked).toEqual([1, 2]);
    expect(await childOutput(node('process.stdout.write("a\\nb\\n")'))).toBe('a\nb\n');
  });

  it('fail with an error that names the child, its exit and its stderr', async () => {
    const failing = childJson(node('console.error("it went wrong"); process.exit(3)', 'the failing child'));
    await expect(failing).rejects.toThrow(ChildError);
    await expect(failing).rejects.toThrow('the failing child exited with code 3: it went wrong');
    await expect(childJson(node('console.log("no json")'))).rejects.toThrow(/the test child printed no JSON answer/);
    await expect(childOutput({ name: 'the missing tool', command: 'am-no-such-program', args: [] })).rejects.toThrow(
      /^the missing tool could not run \(.*ENOENT/,
    );
  });

  it.runIf(hasProgram('taskset'))('pins the child to the CPUs given', async () => {
    const cores = await childJson({ ...node('console.log(require("node:os").availableParallelism())'), cpus: '0' });
    expect(cores).toBe(1);
  });
});

describe('startChild', () => {
  const echo = `
    const lines = require('node:readline').createInterface({ input: process.stdin });
    lines.on('line', (l) => {
      if (l === 'die') { console.error('asked to die'); process.exit(4); }
      console.log(JSON.stringify({ got: l }));
    });`;

  it('answers one JSON line per question, then stops when its stdin closes', async () => {
    const child = startChild(node(echo));
    expect(await child.ask('a')).toEqual({ got: 'a' });
    expect(await child.ask('b', (v) => (v as { got: string }).got)).toBe('b');
    await child.stop();
  });

  it('reports a child that exits instead of answering, with its stderr', async () => {
    const child = startChild(node(echo, 'the echo child'));
    expect(await child.ask('a')).toEqual({ got: 'a' });
    await expect(child.ask('die')).rejects.toThrow('the echo child exited with code 4 before answering "die": asked to die');
    await child.stop();
  });
});
