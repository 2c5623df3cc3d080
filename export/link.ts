/**
 * Links for exported notebooks, pure. `notebookLink` is the download link a chapter page shows;
 * `exportHref` is where a link inside an exported notebook points. A notebook is read away from
 * the site, so its links must work from where the file is:
 *
 * - `site`: SITE_URL is configured, so links are absolute under SITE_URL and BASE_PATH.
 * - `served`: a build without SITE_URL (the site's address is unknown): relative to the
 *   notebook's own address on the deployed site (`notebooks/<chapter>.ipynb`).
 * - `checkout`: `npm run export` without SITE_URL: relative to the written .ipynb, to the files
 *   in the checkout that the site is built from (a chapter's .mdx, public/results/…json).
 *
 * Never a placeholder address. Diagrams are not links: the export embeds them (data: URIs).
 */
import { dirname, posix, relative, sep } from 'node:path';
import { normalizeBase } from '../core/site-settings.ts';
import { langOf, ui } from '../core/ui-strings.ts';

export interface NotebookLink {
  href: string;
  label: string;
}

/** A notebook's path under the site's base: "notebooks/servers.ipynb", "zh-cn/notebooks/servers.ipynb". */
export function notebookPath(slug: string, lang: string): string {
  return `${lang === 'en' ? '' : `${lang}/`}notebooks/${slug}.ipynb`;
}

/**
 * `entryId` is the content entry's id ("chapters/servers", "zh-cn/chapters/servers"): a
 * Chinese page showing English fallback content links to the English notebook. `lang` is the
 * page's language, for the label.
 */
export function notebookLink(entryId: string, lang: string, baseUrl: string): NotebookLink | undefined {
  const m = /^(?:(zh-cn)\/)?chapters\/([a-z0-9][a-z0-9-]*)$/.exec(entryId);
  if (!m) return undefined;
  const base = normalizeBase(baseUrl);
  return { href: `${base}${notebookPath(m[2], m[1] ?? 'en')}`, label: ui(langOf(lang)).downloadNotebook };
}

/** Where an exported notebook's links to the site point (see the top of this file). */
export type LinkRoot =
  | { kind: 'site'; site: string; base: string }
  /** `notebook`: the notebook's path under the base, as `notebookPath` gives it. */
  | { kind: 'served'; notebook: string }
  /** `root`: the checkout; `notebook`: the absolute path the .ipynb is written to. */
  | { kind: 'checkout'; root: string; notebook: string };

/** An absolute URL for a site path such as "/chapters/x/" or "diagrams/a.svg". */
export function siteUrl(at: { site: string; base: string }, path: string): string {
  const site = at.site.replace(/\/+$/, '');
  const base = `/${at.base.replace(/^\/+|\/+$/g, '')}/`.replace(/^\/\/$/, '/');
  return site + base + path.replace(/^\/+/, '');
}

/**
 * The checkout file a site path is built from: a page ("/chapters/x/", "/zh-cn/chapters/x/")
 * from its .mdx under content/docs/, anything with a file extension from public/.
 */
export function checkoutPath(sitePath: string): string {
  const [path, hash = ''] = sitePath.replace(/^\/+/, '').split(/(?=#)/);
  if (/\.[a-z0-9]+$/i.test(path)) return `public/${path}${hash}`;
  const page = path.replace(/\/+$/, '');
  return `content/docs/${page || 'index'}.mdx${hash}`;
}

const encodePath = (p: string) => p.split('/').map(encodeURIComponent).join('/').replace(/%23/g, '#');

/** Where a link to a site path ("/chapters/x/", "results/a/b.json") points from an exported notebook. */
export function exportHref(links: LinkRoot, sitePath: string): string {
  if (links.kind === 'site') return siteUrl(links, sitePath);
  if (links.kind === 'served') {
    const target = sitePath.replace(/^\/+/, '');
    const [path, hash = ''] = target.split(/(?=#)/);
    let rel = posix.relative(posix.dirname(links.notebook), path || '.');
    if (path === '' || path.endsWith('/')) rel = `${rel || '.'}/`; // a page: keep its trailing slash
    return encodePath(rel + hash);
  }
  const [path, hash = ''] = checkoutPath(sitePath).split(/(?=#)/);
  const rel = relative(dirname(links.notebook), `${links.root}/${path}`).split(sep).join('/');
  return encodePath(rel + hash);
}
