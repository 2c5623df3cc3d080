import { describe, expect, it } from 'vitest';
import { resultsPath, resultsUrl } from './results.ts';

describe('where results live', () => {
  it('keeps the reference runtime (Node 20) where results always were', () => {
    expect(resultsPath('servers/hello')).toBe('public/results/servers/hello.json');
    expect(resultsPath('servers/hello', 'node20')).toBe('public/results/servers/hello.json');
    expect(resultsUrl('servers/hello')).toBe('results/servers/hello.json');
  });

  it("puts every other runtime's results in a folder beside them, one file per runtime", () => {
    expect(resultsPath('servers/hello', 'bun')).toBe('public/results/servers/hello/bun.json');
    expect(resultsPath('servers/hello', 'node22')).toBe('public/results/servers/hello/node22.json');
    expect(resultsUrl('servers/hello', 'deno')).toBe('results/servers/hello/deno.json');
  });
});
