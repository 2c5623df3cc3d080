import { describe, expect, it } from 'vitest';
import { INTERVAL_CLASS, spreadMarks, TRIAL_CLASS } from './chart-intervals.ts';

const rows = [{ server: 'a', shape: 'k', rps: 100, rpsLo: 90, rpsHi: 110, trials: 3 }];
const trials = [
  { server: 'a', shape: 'k', trial: 0, rps: 95 },
  { server: 'a', shape: 'k', trial: 1, rps: 100 },
];

describe('spreadMarks', () => {
  it('draws an interval rule and trial dots for a mark placed by a measure with an interval', () => {
    const marks = spreadMarks([{ mark: 'dot', x: 'rps', y: 'server', fill: 'shape' }], rows, trials);
    expect(marks).toHaveLength(2);
    expect(marks[0]).toMatchObject({
      mark: 'ruleY',
      rows: 'measured',
      options: { x1: 'rpsLo', x2: 'rpsHi', y: 'server', stroke: 'shape' },
    });
    expect(marks[0]!.options.className).toBe(INTERVAL_CLASS);
    expect(marks[1]).toMatchObject({ mark: 'dot', rows: 'trials', options: { x: 'rps', y: 'server', fill: 'shape' } });
    expect(marks[1]!.options.className).toBe(TRIAL_CLASS);
  });

  it('puts a vertical rule on a y measure, in the text colour on bars', () => {
    const [rule] = spreadMarks([{ mark: 'barY', x: 'server', y: 'rps', fill: 'shape' }], rows, []);
    expect(rule).toMatchObject({ mark: 'ruleX', options: { y1: 'rpsLo', y2: 'rpsHi', x: 'server', stroke: 'currentColor' } });
  });

  it('draws nothing for rows without intervals, the essay’s marks, text, or twice for the same fields', () => {
    expect(spreadMarks([{ mark: 'dot', x: 'rps', y: 'server' }], [{ server: 'a', rps: 1 }], trials)).toEqual([]);
    expect(spreadMarks([{ mark: 'dot', data: 'essay', x: 'rps', y: 'server' }], rows, trials)).toEqual([]);
    expect(spreadMarks([{ mark: 'text', x: 'rps', y: 'server' }], rows, trials)).toEqual([]);
    const twice = spreadMarks(
      [
        { mark: 'dot', x: 'rps', y: 'server' },
        { mark: 'line', x: 'rps', y: 'server' },
      ],
      rows,
      trials,
    );
    expect(twice).toHaveLength(2);
  });

  it('draws the trials of a run that has no rows yet, on its numeric axis', () => {
    const marks = spreadMarks([{ mark: 'dot', x: 'rps', y: 'server', fill: 'shape' }], [], trials);
    expect(marks).toHaveLength(1);
    expect(marks[0]).toMatchObject({ mark: 'dot', rows: 'trials', options: { x: 'rps', y: 'server' } });
    const line = spreadMarks([{ mark: 'line', x: 'connections', y: 'rps' }], [], [{ connections: 1, rps: 5, trial: 0 }]);
    expect(line[0]!.options).toMatchObject({ x: 'connections', y: 'rps' });
  });

  it('leaves out trial dots when a channel is a field the trials lack', () => {
    const marks = spreadMarks([{ mark: 'dot', x: 'rps', y: 'label' }], [{ ...rows[0], label: 'A' }], trials);
    expect(marks.map((m) => m.rows)).toEqual(['measured']);
  });
});
