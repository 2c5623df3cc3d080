/**
 * The export's IO: finds a chapter's MDX, reads each cell's source and stored results, renders
 * the charts, and hands everything to the pure builder. Shared by `npm run export` and the
 * site's static endpoint, so both give the same file.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { findCell } from '../store/cells-fs.ts';
import { cellStatus } from '../store/cell-status-fs.ts';
import { chartOf } from '../store/charts-fs.ts';
import { cellChart } from '../store/chart-data-fs.ts';
import { UserError } from '../core/errors.ts';
import { renderChartSvg } from '../core/chart-svg.ts';
import { standaloneSvg } from './svg.ts';
import { parseChapter, type Lang } from './mdx.ts';
import { judgedLedger, storedFigure } from '../store/judged-fs.ts';
import type { LinkRoot } from './link.ts';
import { buildNotebook, serializeNotebook, type LoadedCell, type Notebook } from './notebook.ts';

export const LANGS: readonly Lang[] = ['en', 'zh-cn'];

export function chaptersDir(root: string, lang: Lang): string {
  return join(root, 'content/docs', lang === 'en' ? '' : lang, 'chapters');
}

/** Chapter slugs that have an MDX file in this language, sorted. */
export function listChapterSlugs(root: string, lang: Lang = 'en'): string[] {
  const dir = chaptersDir(root, lang);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => /^[a-z0-9][a-z0-9-]*\.mdx?$/.test(f))
    .map((f) => f.replace(/\.mdx?$/, ''))
    .sort();
}

/** The chapter's file, or a UserError listing what exists. */
export function chapterFile(root: string, slug: string, lang: Lang): string {
  const dir = chaptersDir(root, lang);
  for (const ext of ['.mdx', '.md']) {
    const file = join(dir, slug + ext);
    if (/^[a-z0-9][a-z0-9-]*$/.test(slug) && existsSync(file)) return file;
  }
  const here = listChapterSlugs(root, lang);
  if (lang !== 'en' && listChapterSlugs(root, 'en').includes(slug))
    throw new UserError(
      `chapter "${slug}" has no ${lang} translation yet (looked for ${relative(root, join(dir, slug + '.mdx'))})`,
      `${lang} chapters: ${here.join(', ') || 'none'}; drop --lang to export the English chapter`,
    );
  throw new UserError(`unknown chapter "${slug}"`, `chapters: ${listChapterSlugs(root, 'en').join(', ') || 'none'}`);
}

/** The commit the notebook is generated from (12 characters, as in results' provenance), or null outside git. */
export function currentCommit(root: string): string | null {
  try {
    return (
      execFileSync('git', ['rev-parse', '--short=12', 'HEAD'], {
        cwd: root,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      }).trim() || null
    );
  } catch {
    return null;
  }
}

export interface ExportOptions {
  lang: Lang;
  /** Where links to the site point (runners/notebook-export-link.ts). */
  links: LinkRoot;
  commit: string | null;
}

/** A cell as the notebook shows it; its chart resolved as the site resolves it (store/charts-fs.ts). */
async function loadCell(root: string, id: string, chart: unknown, where: string, lang: Lang): Promise<LoadedCell> {
  const ref = findCell(root, id);
  const shared = chartOf(root, id, lang, { inline: chart, where });
  const status = await cellStatus(root, ref);
  if (status.state === 'invalid') throw new UserError(status.message, `re-measure it with \`npm run bench -- ${id}\``);
  // The page's chart: this cell on every runtime with results, and the cells its spec joins.
  const { spec, data } = cellChart(root, id, shared, lang, { strict: true });
  const svg = data.measured.length + data.essay.length > 0 ? standaloneSvg(renderChartSvg(spec, data, lang)) : undefined;
  return {
    id,
    relFile: ref.relFile,
    source: readFileSync(ref.file, 'utf8'),
    status,
    ...(svg ? { svg } : {}),
    ...(spec.ariaLabel ? { chartLabel: spec.ariaLabel } : {}),
    ...(spec.labels ? { labels: spec.labels } : {}),
  };
}

const MIME: Record<string, string> = {
  svg: 'image/svg+xml',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  avif: 'image/avif',
};

/** A file the site serves from public/ ("diagrams/a.svg") as a data: URI, for the export to embed. */
export function dataUri(root: string, sitePath: string, chapterFile: string): string {
  const file = join(root, 'public', sitePath);
  const mime = MIME[sitePath.split('.').pop()!.toLowerCase()];
  if (!mime || !existsSync(file))
    throw new UserError(
      `${chapterFile}: the image ${sitePath} is not in public/ (looked for ${relative(root, file)})`,
      'fix the <img src> or add the file',
    );
  return `data:${mime};base64,${readFileSync(file).toString('base64')}`;
}

/** One chapter as a notebook object. */
export async function exportChapter(root: string, slug: string, options: ExportOptions): Promise<Notebook> {
  const file = chapterFile(root, slug, options.lang);
  const rel = relative(root, file);
  const chapter = parseChapter(readFileSync(file, 'utf8'), {
    links: options.links,
    image: (path) => dataUri(root, path, rel),
    judged: {
      figure: (ref) => storedFigure(root, ref, options.lang).text,
      ledger: (chapter) => judgedLedger(root, chapter, options.lang),
    },
    lang: options.lang,
    file: rel,
    page: `/${options.lang === 'en' ? '' : `${options.lang}/`}chapters/${slug}/`,
  });
  const cells = new Map<string, LoadedCell>();
  for (const block of chapter.blocks)
    if (block.kind === 'cell' && !cells.has(block.id))
      cells.set(block.id, await loadCell(root, block.id, block.chart, `${rel}:${block.line}`, options.lang));
  return buildNotebook({ slug, lang: options.lang, chapter, cells, links: options.links, commit: options.commit });
}

/** One chapter as the notebook file's text. */
export async function exportChapterText(root: string, slug: string, options: ExportOptions): Promise<string> {
  return serializeNotebook(await exportChapter(root, slug, options));
}
