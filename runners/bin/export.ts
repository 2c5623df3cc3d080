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
import { executeNotebook, findNbconvert, installDenoKernel, kernelsDirOf } from '../jupyter/execute-fs.ts';
import { formatDuration } from '../../core/report.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url)).replace(/\/$/, '');

const HELP = `Usage: npm run export -- <chapter> [--out file.ipynb] [--lang zh-cn] [--execute]

  chapter   a chapter slug: ${listChapterSlugs(ROOT).join(', ')}
  --out     where to write the notebook (default: <chapter>.ipynb in the current directory)
  --lang    en (default) or zh-cn, the Simplified Chinese chapter
  --execute then run it in Jupyter (jupyter nbconvert --execute, Deno's kernel): every experiment
            re-runs through this checkout's runner with the quick preset, and the file keeps the
            fresh outputs. Stored results are never replaced. Needs jupyter nbconvert; Deno is
            installed on first use (npm run runtimes -- install deno)

Prose becomes Markdown cells; each <Cell> becomes its source (a Markdown code block) and a code
cell for Deno's Jupyter kernel that runs it through the project's runner; its outputs are the
stored results until it runs: the chart as SVG and the rows as a table. Unmeasured cells have
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
      execute: { type: 'boolean', default: false },
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
  const nb = JSON.parse(text) as { cells: Array<{ cell_type: string; outputs?: unknown[]; metadata: { async_measured?: unknown } }> };
  // The experiments' code cells (not the setup cell that connects to the runner).
  const code = nb.cells.filter((c) => c.cell_type === 'code' && c.metadata.async_measured);
  const empty = code.filter((c) => c.outputs?.length === 0).length;
  process.stderr.write(`wrote ${out}: ${nb.cells.length} cells, ${code.length} experiments${empty ? `, ${empty} not measured yet` : ''}\n`);
  if (values.execute) {
    findNbconvert(); // before installing anything: a missing nbconvert says so first
    const kernels = await installDenoKernel(ROOT, kernelsDirOf(ROOT), { onProgress: (text) => process.stderr.write(`${text}\n`) });
    process.stderr.write(`executing ${out} with Deno's Jupyter kernel (quick preset, ${code.length} experiments)...\n`);
    const started = performance.now();
    await executeNotebook(out, { root: ROOT, kernels });
    process.stderr.write(`executed ${out} in ${formatDuration(performance.now() - started)}: its outputs are this run's\n`);
  }
  return 0;
}

runCli('export', main);
