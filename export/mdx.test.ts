import { describe, expect, it } from 'vitest';
import { literalValue, parseChapter } from './mdx.ts';

const links = { kind: 'site' as const, site: 'https://example.org/', base: '/am/' };
/** Stands in for reading public/: names the file it was asked for. */
const image = (path: string) => `data:image/svg+xml;base64,${Buffer.from(`<svg>${path}</svg>`).toString('base64')}`;
const at = { links, image };

const MDX = `---
title: A chapter
description: What it shows.
sidebar:
  order: 2
---
import { Aside } from '@astrojs/starlight/components';
import Cell from '../../../src/components/Cell.astro';

Intro with a [sibling chapter](/chapters/other/), [a neighbour](../third/#ledger) and [an outside link](https://nodejs.org/).

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
  const ch = parseChapter(MDX, { ...at, lang: 'en', file: 'demo.mdx' });
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

  it('gives a <Cell> without a chart attribute no chart: the cell’s shared one in content/charts/ is used', () => {
    const plain = parseChapter('---\ntitle: T\n---\n\n<Cell id="demo/one" caption="Rows." />\n', { ...at, lang: 'zh-cn', file: 'x.mdx' });
    expect(plain.blocks).toEqual([{ kind: 'cell', id: 'demo/one', caption: 'Rows.', line: 5 }]);
  });

  it('drops imports, starts a block at each ## heading, keeps ### inside it', () => {
    expect(md.join('\n')).not.toMatch(/import /);
    expect(md[1]).toMatch(/^## First section/);
    expect(md[2]).toMatch(/^### A subsection/);
  });

  it('makes root-relative links absolute under the site and base, and leaves others alone', () => {
    expect(md[0]).toContain('[sibling chapter](https://example.org/am/chapters/other/)');
    expect(md[0]).toContain('[a neighbour](../third/#ledger)'); // without the chapter's own address, left as written
    expect(md[0]).toContain('[an outside link](https://nodejs.org/)');
  });

  it('embeds a diagram <img> as a data: URI in an HTML <img>, with its alt text and size', () => {
    expect(md[1]).toContain(`<img src="${image('diagrams/io-models.svg')}" alt="Five rows" width="760">`);
    expect(md.join('\n')).not.toMatch(/example\.org\/am\/diagrams|\]\(data:/);
  });

  it('links relatively into the checkout when there is no site address', () => {
    const local = parseChapter(MDX, {
      links: { kind: 'checkout', root: '/src/am', notebook: '/src/am/out/demo.ipynb' },
      image,
      lang: 'en',
      file: 'demo.mdx',
      page: '/chapters/demo/',
    });
    const text = local.blocks.flatMap((b) => (b.kind === 'markdown' ? [b.markdown] : [])).join('\n');
    expect(text).toContain('[sibling chapter](../content/docs/chapters/other.mdx)');
    expect(text).toContain('[a neighbour](../content/docs/chapters/third.mdx#ledger)'); // "../third/" from /chapters/demo/
    expect(text).toContain(`<img src="${image('diagrams/io-models.svg')}"`);
  });

  it('keeps tables and turns asides into titled blockquotes', () => {
    expect(md[2]).toMatch(/\| a \| b \|\n\| - \| - \|\n\| 1 \| 2 \|/);
    expect(md[2]).toContain('> **How to run this**\n>\n> Run `npm run bench -- demo`.');
    expect(md[2]).toContain('> **Caution**');
  });

  it('titles asides in Chinese in a Chinese chapter', () => {
    const zh = parseChapter(MDX, { ...at, lang: 'zh-cn', file: 'demo.mdx' });
    expect(zh.blocks.at(-1)).toMatchObject({ markdown: expect.stringContaining('> **警告**') });
  });

  it('refuses a chart it would have to run code to read, naming the line', () => {
    const bad = MDX.replace('height: 200', 'height: compute()');
    expect(() => parseChapter(bad, { ...at, lang: 'en', file: 'demo.mdx' })).toThrow(
      /demo\.mdx:18 chart: not a literal value \(CallExpression\)/,
    );
  });

  it('needs a title', () => {
    expect(() => parseChapter('# no front matter\n', { ...at, lang: 'en', file: 'x.mdx' })).toThrow(/x\.mdx: front matter has no title/);
  });
});

describe('literalValue', () => {
  it('reads template strings without expressions and refuses identifiers', () => {
    expect(
      literalValue(
        { type: 'TemplateLiteral', expressions: [], quasis: [{ type: 'TemplateElement', tail: true, value: { raw: 'a', cooked: 'a' } }] },
        'w',
      ),
    ).toBe('a');
    expect(() => literalValue({ type: 'Identifier', name: 'x' }, 'w')).toThrow(/not a literal value \(Identifier\)/);
  });
});

describe('figures and ledgers from stored results', () => {
  const judged = {
    figure: (ref: { cell: string; measure: string }) => `${ref.measure} 41,230 (39,800–42,100)`,
    ledger: () => ({
      columns: ['claim', 'essay', 'measured', 'verdict'],
      rows: [
        {
          id: 'x',
          claim: 'A beats B',
          essay: '2 vs 1',
          measured: ['A ÷ B = 1.30 (1.28–1.32)'],
          verdict: 'holds' as const,
          verdictText: 'holds',
        },
      ],
      judgedOn: ['Verdicts computed from the stored results: Xeon, 2 cores, measured 2026-12-01, 5 trials.'],
    }),
  };
  const text = [
    '---\ntitle: T\n---\n',
    'We measured <Figure cell="ch/c" measure="rps" where={{ server: "A" }} /> requests per second.',
    '',
    '<Ledger chapter="ch" />',
  ].join('\n');

  it('writes a figure’s text and the judged ledger as a table', () => {
    const ch = parseChapter(text, { ...at, lang: 'en', file: 'x.mdx', judged });
    const md = ch.blocks.map((b) => (b.kind === 'markdown' ? b.markdown : '')).join('\n');
    expect(md).toContain('We measured rps 41,230 (39,800–42,100) requests per second.');
    expect(md).toMatch(/\| claim\s*\| essay\s*\| measured\s*\| verdict\s*\|/);
    expect(md).toContain('| A beats B | 2 vs 1 | A ÷ B = 1.30 (1.28–1.32) | **holds** |');
    expect(md).toContain('*Verdicts computed from the stored results: Xeon');
  });

  it('names the file and line when a figure cannot be read', () => {
    const failing = {
      ...judged,
      figure: () => {
        throw new Error('ch/c: no rps where {"server":"Z"}');
      },
    };
    expect(() => parseChapter(text, { ...at, lang: 'en', file: 'x.mdx', judged: failing })).toThrow(/x\.mdx:\d+: ch\/c: no rps/);
  });
});
