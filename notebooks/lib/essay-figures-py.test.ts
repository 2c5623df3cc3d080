// essay_figures.py (the Python cells' reader of content/reference/seed-figures.csv), run for real by
// python3: it gives the very figures essay-figures.ts gives the TypeScript cells, filtered by
// experiment, and names the file when a figure is not there.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { essayFigures } from './essay-figures.ts';

const LIB = fileURLToPath(new URL('.', import.meta.url));
const PYTHON = process.env.AM_PYTHON ?? (existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3');

function python(code: string): string {
  const done = spawnSync(PYTHON, ['-c', `import json\nfrom essay_figures import essay_figure, essay_figures\n${code}`], {
    env: { ...process.env, PYTHONPATH: LIB, PYTHONDONTWRITEBYTECODE: '1' },
    encoding: 'utf8',
  });
  if (done.status !== 0) throw new Error(done.stderr);
  return done.stdout.trim();
}

describe('essay_figures.py', () => {
  it('reads the figures essay-figures.ts reads, one experiment or several', () => {
    const got = JSON.parse(
      python('print(json.dumps([essay_figures("hello-server"), essay_figures("fetch-12-urls", "fetch-12-urls-server")]))'),
    );
    expect(got[0]).toEqual(essayFigures('hello-server'));
    expect(got[0].length).toBeGreaterThan(0);
    const byText = (xs: unknown[]) => xs.map((x) => JSON.stringify(x)).sort();
    expect(byText(got[1])).toEqual(byText([...essayFigures('fetch-12-urls'), ...essayFigures('fetch-12-urls-server')]));
  });

  it('finds one figure, and names the file when it is not there', () => {
    expect(python('print(essay_figure("hello-server", "raw select.poll loop")["value"])')).toBe('7700.0');
    expect(() => python('essay_figure("hello-server", "nope")')).toThrow(/no essay figure hello-server\/nope\/\* in .*seed-figures\.csv/);
  });
});
