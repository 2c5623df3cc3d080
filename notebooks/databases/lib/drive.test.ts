import { describe, expect, it } from 'vitest';
import type { Line } from './dataset.ts';
import { drive, mergeResults, type LoadResult } from './drive.ts';

const lines: Line[] = Array.from({ length: 10 }, (_, i) => ({ fileid: 'f1', logrecno: i + 1, segment: 1, values: [i, i, i] }));
/** A line's inserts, all "returning" now; committed unless the line says otherwise. */
const fake = (rolledBack: (line: Line) => boolean) => async (line: Line) => {
  await Promise.resolve();
  return { inserted: line.values.map(() => performance.timeOrigin + performance.now()), committed: !rolledBack(line) };
};

describe('drive', () => {
  it('takes lines from one queue with `concurrency` workers until it is empty', async () => {
    const r = await drive(
      lines,
      3,
      { seconds: 60 },
      fake(() => false),
    );
    expect(r.lines).toBe(10);
    expect(r.completions).toHaveLength(30);
    expect(r.committedRows).toBe(30);
    expect(r.rampedAt).toBeGreaterThanOrEqual(r.start);
    expect(r.drainedAt).toBeLessThanOrEqual(r.end);
  });

  it('takes no more than maxLines (a warm-up: one line per connection)', async () => {
    const r = await drive(
      lines,
      4,
      { seconds: 60, maxLines: 4 },
      fake(() => false),
    );
    expect(r.lines).toBe(4);
  });

  it('counts the inserts of a rolled-back line as done, but not as committed', async () => {
    const r = await drive(
      lines,
      2,
      { seconds: 60 },
      fake((line) => line.logrecno % 2 === 0),
    );
    expect(r.completions).toHaveLength(30);
    expect(r.committedRows).toBe(15);
  });

  it('never ramps up when there are fewer lines than connections', async () => {
    const r = await drive(
      lines,
      20,
      { seconds: 60 },
      fake(() => false),
    );
    expect(r.rampedAt).toBe(Infinity);
  });

  it('takes nothing once the time is up', async () => {
    const r = await drive(
      lines,
      2,
      { seconds: 0 },
      fake(() => false),
    );
    expect(r.lines).toBe(0);
  });
});

describe('mergeResults', () => {
  it('joins processes: earliest start and drain, latest ramp, every completion and row', () => {
    const a: LoadResult = { start: 1, rampedAt: 5, drainedAt: 9, end: 10, completions: [{ t: 2, rows: 1 }], lines: 1, committedRows: 1 };
    const b: LoadResult = { start: 2, rampedAt: 3, drainedAt: 8, end: 12, completions: [{ t: 4, rows: 1 }], lines: 2, committedRows: 0 };
    expect(mergeResults([a, b])).toEqual({
      start: 1,
      rampedAt: 5,
      drainedAt: 8,
      end: 12,
      completions: [
        { t: 2, rows: 1 },
        { t: 4, rows: 1 },
      ],
      lines: 3,
      committedRows: 1,
    });
  });
});
