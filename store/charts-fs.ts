/**
 * The charts of the chapters' cells, one spec per cell shared by every language:
 *
 *   content/charts/<chapter>.json          { "<cell>": chart spec, its words in English }
 *   content/charts/<lang>/<chapter>.json   { "<cell>": that language's words (core/chart-spec.ts ChartWords) }
 *
 * The site (src/lib/cell-data-fs.ts) and the notebook export (export/notebook-fs.ts) both ask
 * `chartOf`, so a chapter's page and its notebook draw the same chart. Read on every call: the
 * local site shows an edit at the next reload.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { localizeSpec, parseChartSpec, type ChartSpec, type ChartSpecInput, type ChartWords } from '../core/chart-spec.ts';
import { UserError } from '../core/errors.ts';
import type { Lang } from '../core/ui-strings.ts';

export const CHARTS = 'content/charts';

/** Project-relative path of a chapter's charts (`en`) or of one language's words for them. */
export function chartsFile(chapter: string, lang: Lang = 'en'): string {
  return lang === 'en' ? `${CHARTS}/${chapter}.json` : `${CHARTS}/${lang}/${chapter}.json`;
}

/** A charts file as { cell: value }, or undefined when there is none. */
function readChartsFile(root: string, rel: string): Record<string, unknown> | undefined {
  const file = join(root, rel);
  if (!existsSync(file)) return undefined;
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new UserError(`${rel} is not valid JSON: ${(e as Error).message}`, 'fix the file');
  }
  if (!data || typeof data !== 'object' || Array.isArray(data))
    throw new UserError(`${rel} must be an object of charts keyed by cell name`, `{ "cell": { "marks": [...] } }`);
  return data as Record<string, unknown>;
}

/** One language's words for a chapter's charts, every entry checked against the charts it translates. */
function readWords(root: string, chapter: string, lang: Lang, charts: Record<string, unknown>): Record<string, unknown> {
  if (lang === 'en') return {};
  const rel = chartsFile(chapter, lang);
  const words = readChartsFile(root, rel) ?? {};
  const orphans = Object.keys(words).filter((name) => !(name in charts));
  if (orphans.length)
    throw new UserError(
      `${rel} has words for ${orphans.map((n) => `"${n}"`).join(', ')}, which ${chartsFile(chapter)} has no chart for`,
      'rename or remove them: a translation follows the cells of the English charts file',
    );
  return words;
}

export interface ChartRef {
  /** A chart given on the <Cell> itself (chart={{…}}), for pages that are not chapters: tests, probes. */
  inline?: unknown;
  /** Where the <Cell> stands (file:line), for messages. */
  where?: string;
}

/**
 * The chart of cell `chapter/cell` in a language: the shared spec with that language's words.
 * A chart given inline is used as it is, unless the cell also has a shared one: one chart per cell.
 */
export function chartOf(root: string, id: string, lang: Lang, ref: ChartRef = {}): ChartSpec {
  const at = ref.where ? ` (${ref.where})` : '';
  const m = /^([a-z0-9][a-z0-9-]*)\/([a-z0-9][a-z0-9-]*)$/.exec(id);
  if (!m) throw new UserError(`<Cell id="${id}">${at}: not a chapter/cell id`, 'use an id like "servers/hello"');
  const [, chapter, name] = m;
  const rel = chartsFile(chapter);
  const charts = readChartsFile(root, rel) ?? {};
  const shared = Object.hasOwn(charts, name) ? charts[name] : undefined;
  if (ref.inline !== undefined) {
    if (shared !== undefined)
      throw new UserError(
        `<Cell id="${id}">${at} gives a chart, and ${rel} has one for it too`,
        `a cell's chart lives in ${rel}, shared by every language: remove chart={…} from the <Cell>`,
      );
    return parseChartSpec(ref.inline, `${id}${at}`);
  }
  if (shared === undefined)
    throw new UserError(`<Cell id="${id}">${at} has no chart: ${rel} has no "${name}"`, `add "${name}": { "marks": [...] } to ${rel}`);
  const words = readWords(root, chapter, lang, charts)[name];
  const files = words === undefined ? rel : `${rel} with ${chartsFile(chapter, lang)}`;
  try {
    return localizeSpec(shared as ChartSpecInput, words as ChartWords | undefined, `${id} in ${files}`);
  } catch (e) {
    throw new UserError((e as Error).message, `fix ${files.replace(' with ', ' or ')}`);
  }
}
