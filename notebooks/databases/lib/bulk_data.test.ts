// The Python bulk load's data set and rate (lib/bulk_data.py), run by the system's python3, against
// their TypeScript originals: the same input lines from the same seed (mulberry32 ported bit for
// bit), and the same steady rate, so the Python and Node cells load the same data and measure it alike.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { makeDataset } from './dataset.ts';
import { steadyRate } from './steady-rate.ts';

const DIR = fileURLToPath(new URL('..', import.meta.url));
const PYTHON = process.env.AM_PYTHON ?? '/usr/bin/python3';

/** Runs `code` with lib/bulk_data.py importable (as the cell imports it) and parses what it prints. */
function python(code: string): unknown {
  const r = spawnSync(PYTHON, ['-B', '-c', `import json\nfrom lib.bulk_data import *\n${code}`], { cwd: DIR, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout);
}

describe('bulk_data.py', () => {
  it("makes the TypeScript cell's data set, line for line", () => {
    for (const [rows, seed] of [
      [3_000, 2015],
      [500, 7],
    ]) {
      const ts = makeDataset(rows, seed);
      const py = python(`print(json.dumps(make_dataset(${rows}, ${seed})))`) as {
        segments: unknown;
        geos: unknown;
        rows: number;
        lines: Array<{ type: string; fileid: string; logrecno: number; cifsn: number; items: number[] }>;
      };
      expect(py.segments).toEqual(ts.segments);
      expect(py.geos).toEqual(ts.geos);
      expect(py.rows).toBe(ts.rows);
      expect(py.lines.map((l) => ({ fileid: l.fileid, logrecno: l.logrecno, segment: l.cifsn, values: l.items }))).toEqual(ts.lines);
      expect(new Set(py.lines.map((l) => l.type))).toEqual(new Set(['data']));
    }
  });

  it('takes the steady rate as steady-rate.ts does (seconds there, milliseconds here)', () => {
    const completions = [
      ...Array.from({ length: 20 }, (_, i) => ({ t: 10 * (i + 1), rows: 1 })),
      ...Array.from({ length: 80 }, (_, i) => ({ t: 200 + 10 * (i + 1), rows: 10 })),
      { t: 1500, rows: 5 },
    ];
    const cases: Array<[number, number, number, number | undefined]> = [
      [0, 1000, 0.2, undefined],
      [0, 1000, 0.15, 400],
      [0, 1000, 0.15, Number.POSITIVE_INFINITY],
      [0, 100, 0.15, 2000],
    ];
    for (const [start, drained, fraction, ramped] of cases) {
      const ts = steadyRate(completions, start, drained, { fraction, ...(ramped === undefined ? {} : { rampedAt: ramped }) });
      const pairs = JSON.stringify(completions.map((c) => [c.t / 1000, c.rows]));
      const rampedPy = ramped === undefined ? 'None' : ramped === Number.POSITIVE_INFINITY ? 'float("inf")' : String(ramped / 1000);
      const py = python(
        `print(json.dumps(steady_rate(json.loads('${pairs}'), ${start / 1000}, ${drained / 1000}, ${fraction}, ${rampedPy})))`,
      ) as {
        rowsPerSec: number;
        windowRows: number;
        windowSeconds: number;
        steady: boolean;
      };
      expect(py.steady).toBe(ts.steady);
      expect(py.windowRows).toBe(ts.windowRows);
      expect(py.windowSeconds).toBeCloseTo(ts.windowSeconds, 9);
      expect(py.rowsPerSec).toBeCloseTo(ts.rowsPerSec, 6);
    }
  });
});
