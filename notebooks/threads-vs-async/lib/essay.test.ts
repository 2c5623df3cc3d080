import { describe, expect, it } from 'vitest';
import { APPROACHES, chunks, essayFetchRows } from './essay.ts';

describe('fetch-12 helpers', () => {
  it('pairs every essay figure with one of our approaches', () => {
    const rows = essayFetchRows();
    expect(rows).toHaveLength(8);
    expect(new Set(rows.map((r) => r.approach))).toEqual(new Set(Object.values(APPROACHES)));
    expect(rows.find((r) => r.variant === 'requests + ThreadPoolExecutor(3)')?.seconds).toBeCloseTo(6.49, 2);
  });

  it('sets each essay time over asyncio + aiohttp in the same run', () => {
    const rows = essayFetchRows();
    const processPool = rows.find((r) => r.approach === APPROACHES.processPool)!;
    expect(processPool.run).toContain('server');
    expect(processPool.vsOneLoop).toBeCloseTo(2.2943 / 0.6706, 2); // the essay's 2.29 s against 0.67 s
    for (const r of rows.filter((x) => x.approach === APPROACHES.oneLoop)) expect(r.vsOneLoop).toBe(1);
  });

  it('cuts twelve into three fours, as the essay did', () => {
    const urls = Array.from({ length: 12 }, (_, i) => i);
    expect(chunks(urls, 3)).toEqual([
      [0, 1, 2, 3],
      [4, 5, 6, 7],
      [8, 9, 10, 11],
    ]);
    expect(chunks([1, 2, 3, 4, 5], 2)).toEqual([
      [1, 2, 3],
      [4, 5],
    ]);
  });
});
