import { describe, expect, it } from 'vitest';
import { isSmallerPreset } from './preset-rank.ts';

describe('isSmallerPreset', () => {
  it('says a quick run is smaller than stored full results, and nothing else is', () => {
    expect(isSmallerPreset('quick', 'full')).toBe(true);
    expect(isSmallerPreset('full', 'quick')).toBe(false);
    expect(isSmallerPreset('quick', 'quick')).toBe(false);
    expect(isSmallerPreset('full', 'full')).toBe(false);
  });

  it('never ranks custom runs or a cell without stored results', () => {
    expect(isSmallerPreset('quick', undefined)).toBe(false);
    expect(isSmallerPreset('custom', 'full')).toBe(false);
    expect(isSmallerPreset('quick', 'custom')).toBe(false);
  });
});
