/**
 * How an exported notebook runs in real Jupyter: with Deno's kernel (`deno jupyter --install`),
 * whose TypeScript needs no setup, each experiment is run by the project's own runner. Pure: the
 * texts of the cells that do it, in both languages.
 *
 * Why a call rather than the cell's code: Deno's kernel evaluates a code cell as a script in one
 * REPL, so a cell module cannot run there as written — `import.meta` is a syntax error, its
 * relative imports would resolve from the notebook's folder instead of notebooks/<chapter>/, and a
 * Python cell is not TypeScript at all — and it would not be a run of the project: no process
 * group, run lock, presets or runtime table. So each experiment is shown as its own source,
 * verbatim (a Markdown code block, highlighted as TypeScript or Python, never executed), followed by
 * a one-line code cell that runs that file through the runner and displays the fresh chart and rows
 * in place of the stored ones. Python cells take the same call (the runner's table sends a .py
 * cell to CPython), so one kernel runs a whole chapter in order and a chapter stays one notebook,
 * as the site offers it, rather than a notebook or kernel per language.
 */
import type { Lang } from '../core/ui-strings.ts';

/** The kernel `deno jupyter --install` registers (its name and display name are Deno's defaults). */
export const KERNELSPEC = { name: 'deno', display_name: 'Deno', language: 'typescript' };
export const LANGUAGE_INFO = { name: 'typescript', file_extension: '.ts', mimetype: 'text/x.typescript' };

/** The module the setup cell imports from the checkout (runs inside Deno's kernel). */
export const KERNEL_MODULE = 'runners/jupyter/kernel.ts';
/** Names the checkout when the notebook is not inside one. */
export const ROOT_ENV = 'ASYNC_MEASURED_ROOT';

interface JupyterStrings {
  /** The Markdown before the setup cell. */
  setup: string;
  /** The setup cell's leading comment lines. */
  setupComment: string[];
  notFound: string;
  /** The first line over a cell's source: the file it is. */
  sourceOf(relFile: string): string;
  /** The line under a fresh run's outputs. */
  ranNow(provenance: string, seconds: string): string;
  skipped(reason: string): string;
}

const STRINGS: Record<Lang, JupyterStrings> = {
  en: {
    setup:
      '**Run it in Jupyter.** With Deno\'s kernel (`deno jupyter --install`; in the checkout, `.runtimes/deno/node_modules/.bin/deno jupyter --install` after `npm run runtimes -- install deno`), "Run all" re-runs every experiment through the project\'s runner on this machine, with the quick preset, and shows fresh charts and rows in place of the stored ones. A notebook run never replaces the stored results. The next cell finds the checkout the notebook is in, or the one `ASYNC_MEASURED_ROOT` names.',
    setupComment: [
      "// The project's runner, from the checkout this notebook is in (or $ASYNC_MEASURED_ROOT).",
      '// preset: "quick" or "full"; runtime: node20 (default), node22, node24, bun, deno (npm run runtimes).',
    ],
    notFound:
      'This notebook runs its experiments through an Async, Measured checkout: open it from inside one, or set ASYNC_MEASURED_ROOT to one',
    sourceOf: (f) => `\`${f}\` — the experiment as it is in the project; the code cell below runs this file.`,
    ranNow: (p, s) => `Run just now in ${s}: ${p}. Not saved: a notebook run never replaces the stored results.`,
    skipped: (r) => `Skipped: ${r}`,
  },
  'zh-cn': {
    setup:
      '**在 Jupyter 中运行。** 安装 Deno 的内核后（`deno jupyter --install`；在项目目录中先 `npm run runtimes -- install deno`，再运行 `.runtimes/deno/node_modules/.bin/deno jupyter --install`），“全部运行”会在本机通过项目的运行器以 quick 预设重新运行每个实验，并用新的图表和数据行替换已保存的输出。在笔记本中运行从不替换已保存的结果。下一个单元会找到笔记本所在的项目目录，或 `ASYNC_MEASURED_ROOT` 指定的目录。',
    setupComment: [
      '// 项目的运行器：来自本笔记本所在的项目目录（或 $ASYNC_MEASURED_ROOT）。',
      '// preset: "quick" 或 "full"；runtime: node20（默认）、node22、node24、bun、deno（见 npm run runtimes）。',
    ],
    notFound: '本笔记本通过 Async, Measured 的项目目录运行实验：请在项目目录中打开它，或将 ASYNC_MEASURED_ROOT 设为项目目录',
    sourceOf: (f) => `\`${f}\`：项目中的实验原文；下面的代码单元运行这个文件。`,
    ranNow: (p, s) => `刚刚运行，用时 ${s}：${p}。未保存：在笔记本中运行从不替换已保存的结果。`,
    skipped: (r) => `已跳过：${r}`,
  },
};

export const jupyterStrings = (lang: Lang): JupyterStrings => STRINGS[lang];

/** The setup code cell: finds the checkout and connects to its runner; `measure(id)` runs one cell. */
export function setupSource(lang: Lang): string {
  const t = STRINGS[lang];
  return [
    ...t.setupComment,
    'import { existsSync } from "node:fs";',
    'import { dirname, join } from "node:path";',
    'import { pathToFileURL } from "node:url";',
    `let root = Deno.env.get(${JSON.stringify(ROOT_ENV)}) || Deno.cwd();`,
    `while (!existsSync(join(root, ${JSON.stringify(KERNEL_MODULE)})) && dirname(root) !== root) root = dirname(root);`,
    `if (!existsSync(join(root, ${JSON.stringify(KERNEL_MODULE)}))) throw new Error(${JSON.stringify(t.notFound)});`,
    `const { connect } = await import(pathToFileURL(join(root, ${JSON.stringify(KERNEL_MODULE)})).href);`,
    `const measure = await connect(root, { preset: "quick", lang: ${JSON.stringify(lang)} });`,
  ].join('\n');
}

/** An experiment's code cell: one call that runs the cell's file through the runner. */
export function runSource(cellId: string): string {
  return `await measure(${JSON.stringify(cellId)});`;
}

/** A cell's own source as a Markdown code block, verbatim: a fence longer than any backtick run in it. */
export function sourceMarkdown(relFile: string, source: string, lang: Lang): string {
  const longest = Math.max(0, ...[...source.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  const language = relFile.endsWith('.py') ? 'python' : 'typescript';
  return `${STRINGS[lang].sourceOf(relFile)}\n\n${fence}${language}\n${source.replace(/\n$/, '')}\n${fence}`;
}
