import { describe, expect, it } from 'vitest';
import { literalValue, parseChapter, siteUrl } from './notebook-export-mdx.ts';

const at = { site: 'https://example.org/', base: '/am/' };

const MDX = `---
title: A chapter
description: What it shows.
sidebar:
  order: 2
---
import { Aside } from '@astrojs/starlight/components';
import Cell from '../../../src/components/Cell.astro';

Intro with a [sibling chapter](/chapters/other/) and [an outside link](https://nodejs.org/).

## First section

Some *prose*.

<img src={\`\${import.meta.env.BASE_URL.replace(/\\/?$/, '/')}diagrams/io-models.svg\`} alt="Five rows" width="760" />

<Cell
  id="demo/one"
  caption="Requests per second."
  chart={{ marks: [{ mark: 'dot', x: 'n', y: -1.5, options: { sort: { y: '-x' } } }], y: { label: null }, height: 200 }}
/>

### A subsection

| a | b |
|---|---|
| 1 | 2 |

<Aside type="note" title="How to run this">

Run \`npm run bench -- demo\`.

</Aside>

<Aside type="caution">Careful.</Aside>
`;

describe('parseChapter', () => {
  const ch = parseChapter(MDX, { at, lang: 'en', file: 'demo.mdx' });
  const md = ch.blocks.filter((b) => b.kind === 'markdown').map((b) => b.markdown);

  it('reads the front matter', () => {
    expect(ch.title).toBe('A chapter');
    expect(ch.description).toBe('What it shows.');
  });

  it('turns <Cell> into a cell block with its literal attributes, in place', () => {
    expect(ch.blocks.map((b) => b.kind)).toEqual(['markdown', 'markdown', 'cell', 'markdown']);
    const cell = ch.blocks[2];
    expect(cell).toMatchObject({
      kind: 'cell',
      id: 'demo/one',
      caption: 'Requests per second.',
      chart: { marks: [{ mark: 'dot', x: 'n', y: -1.5, options: { sort: { y: '-x' } } }], y: { label: null }, height: 200 },
    });
    expect(cell.kind === 'cell' && cell.line).toBe(18); // the file's own line, front matter included
  });

  it('drops imports, starts a block at each ## heading, keeps ### inside it', () => {
    expect(md.join('\n')).not.toMatch(/import /);
    expect(md[1]).toMatch(/^## First section/);
    expect(md[2]).toMatch(/^### A subsection/);
  });

  it('makes root-relative links absolute under the site and base, and leaves others alone', () => {
    expect(md[0]).toContain('[sibling chapter](https://example.org/am/chapters/other/)');
    expect(md[0]).toContain('[an outside link](https://nodejs.org/)');
  });

  it('turns a diagram <img> into a link to it on the site, with its alt text', () => {
    expect(md[1]).toContain('[Diagram: io-models.svg](https://example.org/am/diagrams/io-models.svg) — Five rows');
  });

  it('keeps tables and turns asides into titled blockquotes', () => {
    expect(md[2]).toMatch(/\| a \| b \|\n\| - \| - \|\n\| 1 \| 2 \|/);
    expect(md[2]).toContain('> **How to run this**\n>\n> Run `npm run bench -- demo`.');
    expect(md[2]).toContain('> **Caution**');
  });

  it('titles asides in Chinese in a Chinese chapter', () => {
    const zh = parseChapter(MDX, { at, lang: 'zh-cn', file: 'demo.mdx' });
    expect(zh.blocks.at(-1)).toMatchObject({ markdown: expect.stringContaining('> **警告**') });
  });

  it('refuses a chart it would have to run code to read, naming the line', () => {
    const bad = MDX.replace("height: 200", 'height: compute()');
    expect(() => parseChapter(bad, { at, lang: 'en', file: 'demo.mdx' })).toThrow(/demo\.mdx:18 chart: not a literal value \(CallExpression\)/);
  });

  it('needs a title', () => {
    expect(() => parseChapter('# no front matter\n', { at, lang: 'en', file: 'x.mdx' })).toThrow(/x\.mdx: front matter has no title/);
  });
});

describe('siteUrl', () => {
  it('joins site, base and path with single slashes', () => {
    expect(siteUrl({ site: 'https://e.org', base: '/' }, '/chapters/x/')).toBe('https://e.org/chapters/x/');
    expect(siteUrl({ site: 'https://e.org/', base: 'am' }, 'results/a/b.json')).toBe('https://e.org/am/results/a/b.json');
    expect(siteUrl({ site: 'https://e.org', base: '/am/' }, '/x')).toBe('https://e.org/am/x');
  });
});

describe('literalValue', () => {
  it('reads template strings without expressions and refuses identifiers', () => {
    expect(literalValue({ type: 'TemplateLiteral', expressions: [], quasis: [{ type: 'TemplateElement', tail: true, value: { raw: 'a', cooked: 'a' } }] }, 'w')).toBe('a');
    expect(() => literalValue({ type: 'Identifier', name: 'x' }, 'w')).toThrow(/not a literal value \(Identifier\)/);
  });
});
