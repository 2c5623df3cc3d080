import { describe, expect, it } from 'vitest';
import { checkDigest, contentDigest, resultsText } from './digest.ts';

const results = { schema: 1, cell: 'ch/c', rows: [{ k: 'a', v: 1.5 }], trials: [], origin: undefined };

describe('content digest', () => {
  it('is written last, and a file read back as written checks out whatever its indentation', () => {
    const text = resultsText(results);
    const raw = JSON.parse(text);
    expect(Object.keys(raw).at(-1)).toBe('digest');
    expect(raw.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(checkDigest(raw)).toBe('ok');
    expect(checkDigest(JSON.parse(JSON.stringify(raw)))).toBe('ok');
    expect(resultsText(raw)).toBe(text); // re-writing keeps the same digest
  });

  it('catches an edited row, and says when there is none', () => {
    const raw = JSON.parse(resultsText(results));
    raw.rows[0].v = 1.4;
    expect(checkDigest(raw)).toBe('mismatch');
    expect(checkDigest({ ...results })).toBe('missing');
    expect(contentDigest({ ...results, digest: 'x' })).toBe(contentDigest(results));
  });
});
