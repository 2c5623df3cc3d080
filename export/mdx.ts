/**
 * Reads a chapter's MDX as a notebook sees it: front matter, then a sequence of Markdown blocks
 * and <Cell> references. Pure: text in, data out. Parsed with the same unified/remark-mdx stack
 * Astro uses, so what counts as a <Cell> here is what the site renders.
 */
import { unified } from 'unified';
import remarkParse from 'remark-parse';
import remarkMdx from 'remark-mdx';
import remarkGfm from 'remark-gfm';
import { toMarkdown } from 'mdast-util-to-markdown';
import { gfmToMarkdown } from 'mdast-util-gfm';
import { mdxToMarkdown } from 'mdast-util-mdx';
import type { Program } from 'estree';
import { literalValue, splitFrontMatter } from './mdx-values.ts';

import type { Lang } from '../core/ui-strings.ts';
import type { FigureRef } from '../core/figures.ts';
import type { LedgerView } from '../core/ledger-view.ts';
import type { RowData } from '../core/protocol.ts';
export type { Lang };
export { literalValue, splitFrontMatter };

/** Where root-relative links point from the notebook (runners/notebook-export-link.ts). */
import { exportHref, type LinkRoot } from './link.ts';
export type { LinkRoot };

/** A cell's `chart` is what the <Cell> gives inline, if anything; else its chart is in content/charts/ (store/charts-fs.ts). */
export type Block = { kind: 'markdown'; markdown: string } | { kind: 'cell'; id: string; caption?: string; chart?: unknown; line?: number };

export interface ParsedChapter {
  title: string;
  description?: string;
  blocks: Block[];
}

interface MdxNode {
  type: string;
  name?: string | null;
  value?: unknown;
  url?: string;
  depth?: number;
  attributes?: MdxAttribute[];
  children?: MdxNode[];
  position?: { start: { line: number } };
  [key: string]: unknown;
}
interface MdxAttribute {
  type: string;
  name?: string;
  value?: string | null | { type: string; value: string; data?: { estree?: Program } };
}

/** A JSX attribute's value: a string as written, or a literal expression's value. */
function attr(node: MdxNode, name: string, where: string): unknown {
  const a = node.attributes?.find((x) => x.type === 'mdxJsxAttribute' && x.name === name);
  if (!a) return undefined;
  if (a.value === null || a.value === undefined) return true; // <X flag />
  if (typeof a.value === 'string') return a.value;
  const stmt = a.value.data?.estree?.body[0];
  if (stmt?.type !== 'ExpressionStatement') throw new Error(`${where}: ${name}={…} is not an expression`);
  return literalValue(stmt.expression, `${where} ${name}`);
}

/** The raw source of an attribute, for values we only search (an <img src={`${base}…`}>). */
function attrSource(node: MdxNode, name: string): string | undefined {
  const a = node.attributes?.find((x) => x.type === 'mdxJsxAttribute' && x.name === name);
  if (!a || a.value === null || a.value === undefined) return undefined;
  return typeof a.value === 'string' ? a.value : a.value.value;
}

// ---- MDX → plain Markdown --------------------------------------------------------------------

const ASIDE_TITLES: Record<Lang, Record<string, string>> = {
  en: { note: 'Note', tip: 'Tip', caution: 'Caution', danger: 'Danger' },
  'zh-cn': { note: '注意', tip: '提示', caution: '警告', danger: '危险' },
};

const isJsx = (n: MdxNode) => n.type === 'mdxJsxFlowElement' || n.type === 'mdxJsxTextElement';

/** A site file ("diagrams/a.svg") as a data: URI, to embed it. */
export type ImageData = (sitePath: string) => string;

/** What the chapter's <Figure> and <Ledger> show, from stored results (store/judged-fs.ts). */
export interface Judged {
  figure(ref: FigureRef): string;
  ledger(chapter: string): LedgerView;
}

interface Context {
  links: LinkRoot;
  image: ImageData;
  judged?: Judged;
  /** The chapter's own site path ("/chapters/x/"), against which page-relative links resolve. */
  page?: string;
  lang: Lang;
  file: string;
  /** Lines of front matter above the parsed body, so messages point at the file's own lines. */
  lineOffset: number;
}

/** Rewrites one node (and its children) into plain mdast; returns the nodes that replace it. */
function plain(node: MdxNode, cx: Context): MdxNode[] {
  const where = `${cx.file}:${node.position ? node.position.start.line + cx.lineOffset : '?'}`;
  if (node.type === 'mdxjsEsm' || node.type === 'mdxFlowExpression') return [];
  if (node.type === 'mdxTextExpression') {
    // {' '} and friends: keep a literal string, drop comments and code
    const estree = (node.data as { estree?: Program } | undefined)?.estree;
    const stmt = estree?.body[0];
    if (stmt?.type === 'ExpressionStatement') {
      try {
        const v = literalValue(stmt.expression, where);
        if (typeof v === 'string' || typeof v === 'number') return [{ type: 'text', value: String(v) }];
      } catch {
        /* not a literal: dropped */
      }
    }
    return [];
  }
  if ((node.type === 'link' || node.type === 'definition') && typeof node.url === 'string') {
    const url = node.url;
    if (/^\/(?!\/)/.test(url)) node = { ...node, url: exportHref(cx.links, url) };
    // "../servers/" means a page beside this one on the site: the same page, from the notebook.
    else if (cx.page && /^\.{1,2}\//.test(url)) {
      const resolved = new URL(url, `http://site${cx.page}`);
      node = { ...node, url: exportHref(cx.links, resolved.pathname + resolved.hash) };
    }
  }
  if (isJsx(node)) {
    if (node.name === 'Cell')
      throw new Error(`${where}: a <Cell> inside another element cannot be exported; put it at the top level of the chapter`);
    if (node.name === 'Aside') {
      const type = String(attr(node, 'type', where) ?? 'note');
      const title = String(attr(node, 'title', where) ?? ASIDE_TITLES[cx.lang][type] ?? type);
      const children = (node.children ?? []).flatMap((c) => plain(c, cx));
      return [
        {
          type: 'blockquote',
          children: [{ type: 'paragraph', children: [{ type: 'strong', children: [{ type: 'text', value: title }] }] }, ...children],
        },
      ];
    }
    if (node.name === 'img') return [image(node, cx, where)];
    if (node.name === 'Figure') return [{ type: 'text', value: figure(node, cx, where) }];
    if (node.name === 'Ledger') return ledger(node, cx, where);
    // Any other element: keep what it contains.
    return (node.children ?? []).flatMap((c) => plain(c, cx));
  }
  if (node.children) return [{ ...node, children: node.children.flatMap((c) => plain(c, cx)) }];
  return [node];
}

const row = (x: unknown) => (x && typeof x === 'object' && !Array.isArray(x) ? (x as RowData) : undefined);

/** <Figure cell=… measure=… where={{…}} /> (or a={{…}} b={{…}}): the figure's text from stored results. */
function figure(node: MdxNode, cx: Context, where: string): string {
  if (!cx.judged) throw new Error(`${where}: <Figure> needs the stored results, which this export was not given`);
  const cell = attr(node, 'cell', where);
  const measure = attr(node, 'measure', where);
  if (typeof cell !== 'string' || typeof measure !== 'string') throw new Error(`${where}: <Figure> needs literal cell="…" and measure="…"`);
  const [w, a, b] = ['where', 'a', 'b'].map((n) => row(attr(node, n, where)));
  try {
    return cx.judged.figure({ cell, measure, ...(w ? { where: w } : {}), ...(a ? { a } : {}), ...(b ? { b } : {}) });
  } catch (e) {
    throw new Error(`${where}: ${(e as Error).message}`);
  }
}

/** <Ledger chapter=… />: the judged claims as a Markdown table, and whose machine judged them. */
function ledger(node: MdxNode, cx: Context, where: string): MdxNode[] {
  const chapter = attr(node, 'chapter', where);
  if (typeof chapter !== 'string') throw new Error(`${where}: <Ledger> needs a literal chapter="…"`);
  if (!cx.judged) throw new Error(`${where}: <Ledger> needs the stored results, which this export was not given`);
  const view = cx.judged.ledger(chapter);
  const text = (value: string) => ({ type: 'text', value });
  const cellOf = (children: MdxNode[]) => ({ type: 'tableCell', children });
  const table: MdxNode = {
    type: 'table',
    children: [
      { type: 'tableRow', children: view.columns.map((c) => cellOf([text(c)])) },
      ...view.rows.map((r) => ({
        type: 'tableRow',
        children: [
          cellOf([text(r.claim)]),
          cellOf([text(r.essay)]),
          cellOf([text(r.note ? `${r.measured.join('; ')} (${r.note})` : r.measured.join('; '))]),
          cellOf([{ type: 'strong', children: [text(r.verdictText)] }]),
        ],
      })),
    ],
  };
  return [table, { type: 'paragraph', children: [{ type: 'emphasis', children: [text(view.judgedOn.join(' '))] }] }];
}

const escapeAttr = (v: string) => v.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/**
 * <img>: the picture itself, embedded as a data: URI in an HTML <img>, so it shows wherever the
 * notebook is opened or moved, offline too. HTML rather than Markdown's ![](…) because VS Code's
 * Markdown renderer (markdown-it) refuses data:image/svg+xml in ![](…); both it and JupyterLab
 * keep a data: src on an <img> through their sanitizers. An image given by absolute URL stays one.
 */
function image(node: MdxNode, cx: Context, where: string): MdxNode {
  const src = attrSource(node, 'src') ?? '';
  const alt = String(attr(node, 'alt', where) ?? '');
  let url: string;
  if (/^[a-z]+:\/\//i.test(src)) url = src;
  else {
    const path = /([\w.-]+(?:\/[\w.-]+)*\.(?:svg|png|jpe?g|gif|webp|avif))/i.exec(src)?.[1];
    if (!path) throw new Error(`${where}: cannot tell which image <img src=…> shows`);
    url = cx.image(path);
  }
  const size = ['width', 'height'].flatMap((name) => {
    const v = attr(node, name, where);
    return typeof v === 'string' || typeof v === 'number' ? [` ${name}="${escapeAttr(String(v))}"`] : [];
  });
  return { type: 'html', value: `<img src="${escapeAttr(url)}" alt="${escapeAttr(alt)}"${size.join('')}>` };
}

function markdownOf(nodes: MdxNode[]): string {
  const root = { type: 'root', children: nodes } as unknown as Parameters<typeof toMarkdown>[0];
  return toMarkdown(root, {
    // mdx extension only as a safety net: every MDX node is rewritten above
    extensions: [gfmToMarkdown(), mdxToMarkdown()],
    bullet: '-',
    emphasis: '*',
    strong: '*',
    rule: '-',
    fences: true,
    listItemIndent: 'one',
  }).trim();
}

/**
 * A chapter as blocks: Markdown between <Cell>s, a new Markdown block at each `#`/`##` heading
 * so a notebook's table of contents and cell folding follow the chapter's sections.
 */
export function parseChapter(
  text: string,
  options: { links: LinkRoot; image: ImageData; lang: Lang; file: string; page?: string; judged?: Judged },
): ParsedChapter {
  const { data, body } = splitFrontMatter(text);
  if (typeof data.title !== 'string' || !data.title) throw new Error(`${options.file}: front matter has no title`);
  const tree = unified().use(remarkParse).use(remarkMdx).use(remarkGfm).parse(body) as unknown as MdxNode;
  const lineOffset = text.slice(0, text.length - body.length).split('\n').length - 1;
  const cx: Context = {
    links: options.links,
    image: options.image,
    ...(options.judged ? { judged: options.judged } : {}),
    lang: options.lang,
    file: options.file,
    page: options.page,
    lineOffset,
  };
  const blocks: Block[] = [];
  let pending: MdxNode[] = [];
  const flush = () => {
    const markdown = markdownOf(pending);
    if (markdown) blocks.push({ kind: 'markdown', markdown });
    pending = [];
  };
  for (const node of tree.children ?? []) {
    if (node.type === 'mdxJsxFlowElement' && node.name === 'Cell') {
      const line = (node.position?.start.line ?? 0) + lineOffset;
      const where = `${options.file}:${line}`;
      const id = attr(node, 'id', where);
      if (typeof id !== 'string') throw new Error(`${where}: <Cell> needs a literal id="chapter/cell"`);
      const caption = attr(node, 'caption', where);
      const chart = attr(node, 'chart', where);
      flush();
      blocks.push({
        kind: 'cell',
        id,
        ...(chart !== undefined ? { chart } : {}),
        line,
        ...(typeof caption === 'string' ? { caption } : {}),
      });
      continue;
    }
    if (node.type === 'heading' && (node.depth ?? 9) <= 2) flush();
    pending.push(...plain(node, cx));
  }
  flush();
  return { title: data.title, ...(typeof data.description === 'string' ? { description: data.description } : {}), blocks };
}
