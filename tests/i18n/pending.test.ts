// Every English page exists in Simplified Chinese, or is listed as pending in content/i18n-pending.json.
import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../helpers/sandbox.ts';
import { checkPending, slugOf } from './pending.ts';

const DOCS = join(ROOT, 'content/docs');
const LOCALES = ['zh-cn'];

function pagesUnder(dir: string, skip: string[] = []): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true })
    .map(String)
    .filter((f) => /\.mdx?$/.test(f) && !skip.some((s) => f.startsWith(`${s}/`)))
    .map(slugOf);
}

describe('checkPending', () => {
  it('reports untranslated pages that are not listed, listed pages that are translated now, and unknown ones', () => {
    const r = checkPending(
      ['index', 'chapters/a', 'chapters/b', 'chapters/c'],
      ['index', 'chapters/b'],
      ['chapters/b', 'chapters/c', 'chapters/gone'],
    );
    expect(r).toEqual({
      missing: ['chapters/a'],
      stale: ['chapters/b'],
      unknown: ['chapters/gone'],
      untranslated: ['chapters/a', 'chapters/c'],
    });
  });
  it('is clean when the list is exactly the untranslated pages', () => {
    const r = checkPending(['index', 'chapters/a'], ['index'], ['chapters/a']);
    expect([r.missing, r.stale, r.unknown]).toEqual([[], [], []]);
  });
});

describe('translations', () => {
  const pending: Record<string, string[]> = JSON.parse(readFileSync(join(ROOT, 'content/i18n-pending.json'), 'utf8'));
  const english = pagesUnder(DOCS, LOCALES);

  it('finds the English pages', () => {
    expect(english).toContain('index');
    expect(english.filter((p) => p.startsWith('chapters/')).length).toBeGreaterThanOrEqual(5);
  });

  for (const locale of LOCALES) {
    it(`every page exists in ${locale} or is listed as pending, and the list is current`, () => {
      const r = checkPending(english, pagesUnder(join(DOCS, locale)), pending[locale] ?? []);
      if (r.untranslated.length)
        console.info(`${locale}: ${r.untranslated.length} page(s) not translated yet: ${r.untranslated.join(', ')}`);
      expect(
        r.missing,
        `content/docs/${locale}/ lacks these pages: translate them or add them to "${locale}" in content/i18n-pending.json`,
      ).toEqual([]);
      expect(r.stale, `translated now: remove them from "${locale}" in content/i18n-pending.json`).toEqual([]);
      expect(r.unknown, `listed in "${locale}" of content/i18n-pending.json but no such English page`).toEqual([]);
    });
  }
});
