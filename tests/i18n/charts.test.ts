// One chart per cell, shared by every language (issue 14): the chapters name their cells, the
// charts live in content/charts/, and a translation changes only the words and the margins that
// fit them.
import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../helpers/sandbox.ts';
import { parseChapter } from '../../export/mdx.ts';
import { chaptersDir, listChapterSlugs } from '../../export/notebook-fs.ts';
import { chartOf, chartsFile } from '../../store/charts-fs.ts';
import type { ChartSpec } from '../../core/chart-spec.ts';
import type { Lang } from '../../core/ui-strings.ts';

const LOCALES: Lang[] = ['zh-cn'];
const SCALES = ['x', 'y', 'fx', 'fy', 'color'] as const;

/** The <Cell>s of a chapter as the export reads them. */
function cells(slug: string, lang: Lang) {
  const file = join(chaptersDir(ROOT, lang), `${slug}.mdx`);
  const chapter = parseChapter(readFileSync(file, 'utf8'), {
    links: { kind: 'site', site: 'https://x', base: '/' },
    image: () => '',
    judged: { figure: () => '', ledger: () => ({ columns: [], rows: [], judgedOn: [] }) },
    lang,
    file,
  });
  return chapter.blocks.flatMap((b) => (b.kind === 'cell' ? [b] : []));
}

/** A chart without what a language may change: its words, and the margins that fit them. */
function layout(spec: ChartSpec) {
  const { labels, ariaLabel, marginLeft, marginRight, ...rest } = spec;
  const out: Record<string, unknown> = { ...rest };
  for (const k of SCALES) if (spec[k]) out[k] = { ...spec[k], label: spec[k]!.label === null ? null : 'words' };
  return out;
}

const readJson = (rel: string): Record<string, Record<string, unknown>> =>
  existsSync(join(ROOT, rel)) ? JSON.parse(readFileSync(join(ROOT, rel), 'utf8')) : {};

describe('charts', () => {
  const english = listChapterSlugs(ROOT, 'en');

  it('finds the chapters and their cells', () => {
    expect(english.length).toBeGreaterThanOrEqual(5);
    expect(english.flatMap((s) => cells(s, 'en')).length).toBeGreaterThanOrEqual(10);
  });

  for (const lang of ['en', ...LOCALES] as Lang[])
    it(`no ${lang} chapter gives a <Cell> its chart: each is in content/charts/, shared by every language`, () => {
      const inline = listChapterSlugs(ROOT, lang).flatMap((s) =>
        cells(s, lang)
          .filter((c) => c.chart !== undefined)
          .map((c) => c.id),
      );
      expect(inline).toEqual([]);
    });

  it.each(english)('content/charts/%s.json has a chart for each cell of the chapter, and no other', (slug) => {
    const names = cells(slug, 'en').map((c) => c.id.replace(`${slug}/`, ''));
    expect(Object.keys(readJson(chartsFile(slug))).sort()).toEqual([...new Set(names)].sort());
    for (const c of cells(slug, 'en')) expect(() => chartOf(ROOT, c.id, 'en')).not.toThrow();
  });

  for (const lang of LOCALES) {
    const translated = listChapterSlugs(ROOT, lang);

    it.each(translated)(`%s in ${lang} shows the English chapter's cells, with the same charts but for words and margins`, (slug) => {
      expect(cells(slug, lang).map((c) => c.id)).toEqual(cells(slug, 'en').map((c) => c.id));
      for (const { id } of cells(slug, lang)) expect(layout(chartOf(ROOT, id, lang)), id).toEqual(layout(chartOf(ROOT, id, 'en')));
    });

    it.each(translated)(`every chart of %s has its words in ${lang}: the accessible name and each axis title it shows`, (slug) => {
      const shared = readJson(chartsFile(slug));
      const words = readJson(chartsFile(slug, lang));
      const missing = Object.entries(shared).flatMap(([name, spec]) => {
        const w = words[name] ?? {};
        const titled = SCALES.filter((k) => typeof (spec[k] as { label?: unknown } | undefined)?.label === 'string');
        return [
          ...(typeof spec.ariaLabel === 'string' && typeof w.ariaLabel !== 'string' ? [`${name}.ariaLabel`] : []),
          ...titled.filter((k) => typeof (w[k] as { label?: unknown } | undefined)?.label !== 'string').map((k) => `${name}.${k}.label`),
        ];
      });
      expect(missing).toEqual([]);
    });
  }

  it('keeps the words files beside the charts they translate', () => {
    for (const lang of LOCALES) {
      const dir = join(ROOT, 'content/charts', lang);
      const files = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.json')) : [];
      for (const f of files) expect(existsSync(join(ROOT, chartsFile(f.replace(/\.json$/, '')))), `${lang}/${f}`).toBe(true);
    }
  });
});
