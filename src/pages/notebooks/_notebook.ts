/**
 * What both notebook endpoints share: at build time, each chapter of a language becomes
 * /[lang/]notebooks/<chapter>.ipynb, the same bytes `npm run export` writes with the same
 * SITE_URL (without one, links differ: relative to the site here, to the checkout there).
 */
import { currentCommit, exportChapterText, listChapterSlugs } from '../../../export/notebook-fs.ts';
import type { Lang } from '../../../export/mdx.ts';
import { notebookPath, type LinkRoot } from '../../../export/link.ts';

// Astro's project root is the folder it runs in (astro.config.mjs has no `root`); the bundled
// endpoint's own URL says nothing about where the sources are.
const ROOT = process.cwd();

export function notebookPaths(lang: Lang) {
  return listChapterSlugs(ROOT, lang).map((chapter) => ({ params: { chapter } }));
}

export async function notebookResponse(lang: Lang, chapter: string): Promise<Response> {
  // Links: absolute under SITE_URL when it is set, else relative to where this file is served.
  const site = import.meta.env.SITE;
  const links: LinkRoot = site
    ? { kind: 'site', site, base: import.meta.env.BASE_URL }
    : { kind: 'served', notebook: notebookPath(chapter, lang) };
  const text = await exportChapterText(ROOT, chapter, { lang, links, commit: currentCommit(ROOT) });
  return new Response(text, { headers: { 'Content-Type': 'application/x-ipynb+json; charset=utf-8' } });
}
