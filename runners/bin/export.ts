/**
 * `npm run export -- <chapter> [--out file.ipynb] [--lang zh-cn]`: writes a chapter as a Jupyter
 * notebook (nbformat 4.5) with its stored results as outputs. The same file the site offers for
 * download at /notebooks/<chapter>.ipynb.
 */
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { UserError } from '../../core/errors.ts';
import { runCli } from '../cli.ts';
import { currentCommit, exportChapterText, LANGS, listChapterSlugs } from '../../export/notebook-fs.ts';
import { siteSettings } from '../../core/site-settings.ts';
import type { Lang } from '../../export/mdx.ts';
import type { LinkRoot } from '../../export/link.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url)).replace(/\/$/, '');

const HELP = `Usage: npm run export -- <chapter> [--out file.ipynb] [--lang zh-cn]

  chapter   a chapter slug: ${listChapterSlugs(ROOT).join(', ')}
  --out     where to write the notebook (default: <chapter>.ipynb in the current directory)
  --lang    en (default) or zh-cn, the Simplified Chinese chapter

Prose becomes Markdown cells; each <Cell> becomes a TypeScript code cell (kernel: tslab) whose
outputs are its stored results: the chart as SVG and the rows as a table. Unmeasured cells have
no outputs; measure them first with \`npm run bench -- <chapter>\`.

Diagrams are embedded in the file. Links to the site are absolute under SITE_URL and BASE_PATH
when SITE_URL is set; otherwise they are relative to the written file, pointing into this
checkout (a chapter's .mdx, public/results/...json), so keep the file where the links reach.`;

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      out: { type: 'string' },
      lang: { type: 'string', default: 'en' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(HELP + '\n');
    return 0;
  }
  const chapters = listChapterSlugs(ROOT);
  if (positionals.length !== 1)
    throw new UserError(
      positionals.length ? 'export one chapter at a time' : 'which chapter?',
      `npm run export -- <chapter>; chapters: ${chapters.join(', ')}`,
    );
  const lang = values.lang as Lang;
  if (!LANGS.includes(lang)) throw new UserError(`unknown language "${values.lang}"`, `--lang ${LANGS.join(' or ')}`);
  const slug = positionals[0];
  // npm runs scripts from the project root; INIT_CWD is where the user typed the command.
  const out = resolve(process.env.INIT_CWD ?? process.cwd(), values.out ?? `${slug}${lang === 'en' ? '' : `.${lang}`}.ipynb`);
  // Links: absolute on the site when SITE_URL says where it is, else relative from the file to this checkout.
  const { site, base } = siteSettings(process.env);
  const links: LinkRoot = site ? { kind: 'site', site, base } : { kind: 'checkout', root: ROOT, notebook: out };
  const text = await exportChapterText(ROOT, slug, { lang, links, commit: currentCommit(ROOT) });
  try {
    writeFileSync(out, text);
  } catch (error) {
    throw new UserError(`cannot write ${out}: ${(error as Error).message}`, 'choose another path with --out');
  }
  const nb = JSON.parse(text) as { cells: Array<{ cell_type: string; outputs?: unknown[] }> };
  const code = nb.cells.filter((c) => c.cell_type === 'code');
  const empty = code.filter((c) => c.outputs?.length === 0).length;
  process.stderr.write(`wrote ${out}: ${nb.cells.length} cells, ${code.length} experiments${empty ? `, ${empty} not measured yet` : ''}\n`);
  return 0;
}

runCli('export', main);
