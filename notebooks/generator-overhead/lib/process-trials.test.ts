// Runs real trial processes over both cells, briefly: checks the shape of what they report, never speed.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { RowData } from '../../../core/protocol.ts';
import { processTrials, runTrialProcess } from './process-trials.ts';

const cellFile = (name: string) => fileURLToPath(new URL(`../${name}.ts`, import.meta.url));

describe('trial processes', () => {
  it('time every case of a cell once, in the cell order, and exit (servers closed)', async () => {
    const timings = await runTrialProcess(cellFile('next-to-io'), 1);
    expect(timings.map((t) => t.name)).toEqual(['await', 'loop-turn', 'file-read', 'tcp-round-trip']);
    for (const t of timings) expect(t.avg).toBeGreaterThan(0);
  });

  it('give one trial record per case per process and one summary row per case', async () => {
    const trials: RowData[] = [];
    const progress: number[] = [];
    const ctx = {
      trial: (t: RowData) => trials.push(t),
      progress: (done: number) => progress.push(done),
      signal: new AbortController().signal,
    };
    const rows = await processTrials(ctx, {
      cellFile: cellFile('calls'),
      trials: 2,
      minCpuTimeMs: 1,
      key: (variant) => ({ variant, runtime: 'Node' }),
      measures: (t, all) => ({ nsPerCall: t.avg, ratio: t.avg / all[0]!.avg }),
    });
    expect(trials).toHaveLength(12);
    expect(trials.map((t) => t.trial)).toEqual([...Array(6).fill(0), ...Array(6).fill(1)]);
    expect(progress).toEqual([1, 2]);
    expect(rows.map((r) => r.variant)).toEqual(trials.slice(0, 6).map((t) => t.variant));
    expect(Object.keys(rows[0]!).sort()).toEqual(
      ['variant', 'runtime', 'nsPerCall', 'nsPerCallLo', 'nsPerCallHi', 'ratio', 'ratioLo', 'ratioHi', 'trials'].sort(),
    );
    expect(rows[0]).toMatchObject({ ratio: 1, trials: 2 });
  });

  it('fails with the process error when a module has no trial cases', async () => {
    await expect(runTrialProcess(fileURLToPath(new URL('./essay.ts', import.meta.url)), 1)).rejects.toThrow(/exports no trialCases/);
  });
});
