import { describe, expect, it } from 'vitest';
import { APPROACHES, chunks, essayFetchRows, median } from './essay.ts';

describe('fetch-12 helpers', () => {
  it('pairs every essay figure with one of our approaches', () => {
    const rows = essayFetchRows();
    expect(rows).toHaveLength(8);
    expect(new Set(rows.map((r) => r.approach))).toEqual(new Set(Object.values(APPROACHES)));
    expect(rows.find((r) => r.variant === 'requests + ThreadPoolExecutor(3)')?.seconds).toBeCloseTo(6.49, 2);
  });

  it('takes medians', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
    expect(() => median([])).toThrow();
  });

  it('cuts twelve into three fours, as the essay did', () => {
    const urls = Array.from({ length: 12 }, (_, i) => i);
    expect(chunks(urls, 3)).toEqual([[0, 1, 2, 3], [4, 5, 6, 7], [8, 9, 10, 11]]);
    expect(chunks([1, 2, 3, 4, 5], 2)).toEqual([[1, 2, 3], [4, 5]]);
  });
});
