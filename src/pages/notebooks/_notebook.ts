/**
 * What both notebook endpoints share: at build time, each chapter of a language becomes
 * /[lang/]notebooks/<chapter>.ipynb, the same bytes `npm run export` writes.
 */
import { currentCommit, exportChapterText, listChapterSlugs } from '../../../runners/notebook-export-fs.ts';
import type { Lang } from '../../../runners/notebook-export-mdx.ts';

// Astro's project root is the folder it runs in (astro.config.mjs has no `root`); the bundled
// endpoint's own URL says nothing about where the sources are.
const ROOT = process.cwd();

export function notebookPaths(lang: Lang) {
  return listChapterSlugs(ROOT, lang).map((chapter) => ({ params: { chapter } }));
}

export async function notebookResponse(lang: Lang, chapter: string): Promise<Response> {
  const text = await exportChapterText(ROOT, chapter, {
    lang,
    at: { site: import.meta.env.SITE ?? 'http://localhost/', base: import.meta.env.BASE_URL },
    commit: currentCommit(ROOT),
  });
  return new Response(text, { headers: { 'Content-Type': 'application/x-ipynb+json; charset=utf-8' } });
}
