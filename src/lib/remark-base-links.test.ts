import { describe, expect, it } from 'vitest';
import { unified } from 'unified';
import remarkParse from 'remark-parse';
import remarkMdx from 'remark-mdx';
import { normalizeBase, withBase } from '../../core/site-settings.ts';
import { remarkBaseLinks } from './remark-base-links.ts';

/** Parses MDX, runs the plugin, and returns every URL it ends up with, in document order. */
function urlsAfter(mdx: string, base: string): string[] {
  const processor = unified().use(remarkParse).use(remarkMdx).use(remarkBaseLinks, { base });
  const tree = processor.runSync(processor.parse(mdx)) as unknown as Node;
  const urls: string[] = [];
  const visit = (n: Node) => {
    if (typeof n.url === 'string') urls.push(n.url);
    for (const a of n.attributes ?? []) if (typeof a.value === 'string' && (a.name === 'href' || a.name === 'src')) urls.push(a.value);
    n.children?.forEach(visit);
  };
  visit(tree);
  return urls;
}
interface Node {
  url?: string;
  attributes?: Array<{ name?: string; value?: unknown }>;
  children?: Node[];
}

describe('normalizeBase', () => {
  it('gives one slash on each side, and / for none', () => {
    expect(normalizeBase('async-measured')).toBe('/async-measured/');
    expect(normalizeBase('/async-measured')).toBe('/async-measured/');
    expect(normalizeBase('//a/b//')).toBe('/a/b/');
    expect(normalizeBase('/')).toBe('/');
    expect(normalizeBase('')).toBe('/');
    expect(normalizeBase(undefined)).toBe('/');
  });
});

describe('withBase', () => {
  const base = '/async-measured/';
  it('prefixes root-relative paths, keeping query and fragment', () => {
    expect(withBase('/chapters/databases/', base)).toBe('/async-measured/chapters/databases/');
    expect(withBase('/zh-cn/chapters/servers/#ledger', base)).toBe('/async-measured/zh-cn/chapters/servers/#ledger');
    expect(withBase('/', base)).toBe('/async-measured/');
    expect(withBase('/results/a/b.json?x=1', base)).toBe('/async-measured/results/a/b.json?x=1');
  });
  it('leaves external, protocol-relative, anchor and relative URLs alone', () => {
    for (const url of ['https://example.org/x', '//cdn.example.org/a.js', '#ledger', 'databases/', '../x.svg', 'mailto:a@b.c'])
      expect(withBase(url, base)).toBe(url);
  });
  it('does not prefix twice', () => {
    expect(withBase('/async-measured/chapters/', base)).toBe('/async-measured/chapters/');
    expect(withBase('/async-measured', base)).toBe('/async-measured');
    // A path that merely starts with the same letters is not under the base.
    expect(withBase('/async-measured-2/', base)).toBe('/async-measured/async-measured-2/');
  });
  it('changes nothing at the root base', () => {
    expect(withBase('/chapters/', '/')).toBe('/chapters/');
  });
});

describe('remarkBaseLinks', () => {
  const doc = [
    'See [databases](/chapters/databases/) and [中文](/zh-cn/chapters/servers/), [the essay](https://example.org/), [below](#ledger).',
    '',
    '![diagram](/diagrams/io-models.svg)',
    '',
    'A [reference link][r].',
    '',
    '[r]: /chapters/cpu-vs-io/',
    '',
    '<a href="/chapters/servers/">jsx link</a> <img src="/diagrams/a.svg" alt="" />',
    '',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: MDX source text, with its own template literal
    '<img src={`${base}diagrams/b.svg`} alt="" />',
  ].join('\n');

  it('prefixes links, images, definitions and literal JSX href/src under a base', () => {
    expect(urlsAfter(doc, '/async-measured/')).toEqual([
      '/async-measured/chapters/databases/',
      '/async-measured/zh-cn/chapters/servers/',
      'https://example.org/',
      '#ledger',
      '/async-measured/diagrams/io-models.svg',
      '/async-measured/chapters/cpu-vs-io/',
      '/async-measured/chapters/servers/',
      '/async-measured/diagrams/a.svg',
    ]);
  });

  it('leaves every URL as written at the root base', () => {
    expect(urlsAfter(doc, '/')).toEqual([
      '/chapters/databases/',
      '/zh-cn/chapters/servers/',
      'https://example.org/',
      '#ledger',
      '/diagrams/io-models.svg',
      '/chapters/cpu-vs-io/',
      '/chapters/servers/',
      '/diagrams/a.svg',
    ]);
  });
});
