import { describe, expect, it } from 'vitest';
import { checkoutPath, exportHref, notebookLink, notebookPath, siteUrl } from './link.ts';

describe('notebookLink', () => {
  it('links an English chapter to its notebook under the base path', () => {
    expect(notebookLink('chapters/servers', 'en', '/')).toEqual({
      href: '/notebooks/servers.ipynb',
      label: 'Download as Jupyter notebook (.ipynb)',
    });
    expect(notebookLink('chapters/servers', 'en', '/am')).toMatchObject({ href: '/am/notebooks/servers.ipynb' });
  });
  it('links a Chinese chapter to the Chinese notebook, with a Chinese label', () => {
    expect(notebookLink('zh-cn/chapters/servers', 'zh-CN', '/am/')).toEqual({
      href: '/am/zh-cn/notebooks/servers.ipynb',
      label: '下载 Jupyter 笔记本 (.ipynb)',
    });
  });
  it('gives a Chinese page with English fallback content the English notebook', () => {
    expect(notebookLink('chapters/servers', 'zh-CN', '/')).toEqual({
      href: '/notebooks/servers.ipynb',
      label: '下载 Jupyter 笔记本 (.ipynb)',
    });
  });
  it('gives other pages no link', () => {
    expect(notebookLink('index', 'en', '/')).toBeUndefined();
    expect(notebookLink('zh-cn', 'zh-CN', '/')).toBeUndefined();
    expect(notebookLink('chapters/a/b', 'en', '/')).toBeUndefined();
  });
});

describe('siteUrl', () => {
  it('joins site, base and path with single slashes', () => {
    expect(siteUrl({ site: 'https://e.org', base: '/' }, '/chapters/x/')).toBe('https://e.org/chapters/x/');
    expect(siteUrl({ site: 'https://e.org/', base: 'am' }, 'results/a/b.json')).toBe('https://e.org/am/results/a/b.json');
    expect(siteUrl({ site: 'https://e.org', base: '/am/' }, '/x')).toBe('https://e.org/am/x');
  });
});

describe('checkoutPath', () => {
  it('maps a page to its .mdx and any other file to public/, as the site is built from them', () => {
    expect(checkoutPath('/chapters/servers/')).toBe('content/docs/chapters/servers.mdx');
    expect(checkoutPath('/zh-cn/chapters/servers/')).toBe('content/docs/zh-cn/chapters/servers.mdx');
    expect(checkoutPath('/chapters/servers/#ledger')).toBe('content/docs/chapters/servers.mdx#ledger');
    expect(checkoutPath('/')).toBe('content/docs/index.mdx');
    expect(checkoutPath('results/servers/hello.json')).toBe('public/results/servers/hello.json');
    expect(checkoutPath('diagrams/zh-cn/io-models.svg')).toBe('public/diagrams/zh-cn/io-models.svg');
  });
});

describe('exportHref: where a notebook link to the site points', () => {
  const site = { kind: 'site', site: 'https://me.github.io', base: '/am/' } as const;
  it('with SITE_URL: absolute under SITE_URL and BASE_PATH', () => {
    expect(exportHref(site, '/chapters/servers/')).toBe('https://me.github.io/am/chapters/servers/');
    expect(exportHref(site, 'results/servers/hello.json')).toBe('https://me.github.io/am/results/servers/hello.json');
  });

  it("in a build without SITE_URL: relative to the notebook's own address on the site", () => {
    const en = { kind: 'served', notebook: notebookPath('servers', 'en') } as const;
    const zh = { kind: 'served', notebook: notebookPath('servers', 'zh-cn') } as const;
    expect(exportHref(en, '/chapters/databases/')).toBe('../chapters/databases/');
    expect(exportHref(en, '/chapters/databases/#ledger')).toBe('../chapters/databases/#ledger');
    expect(exportHref(en, 'results/servers/hello.json')).toBe('../results/servers/hello.json');
    expect(exportHref(en, '/')).toBe('../');
    expect(exportHref(zh, '/zh-cn/chapters/databases/')).toBe('../chapters/databases/');
    expect(exportHref(zh, 'results/servers/hello.json')).toBe('../../results/servers/hello.json');
    // Resolved against the notebook's URL, they land on the site's own paths.
    const at = 'https://host/am/zh-cn/notebooks/servers.ipynb';
    expect(new URL(exportHref(zh, 'results/servers/hello.json'), at).href).toBe('https://host/am/results/servers/hello.json');
  });

  it('from `npm run export` without SITE_URL: relative to the written file, into the checkout', () => {
    const here = { kind: 'checkout', root: '/src/am', notebook: '/src/am/servers.ipynb' } as const;
    const away = { kind: 'checkout', root: '/src/am', notebook: '/home/me/notes/servers.ipynb' } as const;
    expect(exportHref(here, '/chapters/databases/')).toBe('content/docs/chapters/databases.mdx');
    expect(exportHref(here, 'results/servers/hello.json')).toBe('public/results/servers/hello.json');
    expect(exportHref(away, '/chapters/databases/#ledger')).toBe('../../../src/am/content/docs/chapters/databases.mdx#ledger');
    const spaced = { kind: 'checkout', root: '/my projects/am', notebook: '/my projects/am/x.ipynb' } as const;
    expect(exportHref(spaced, 'results/a b.json')).toBe('public/results/a%20b.json');
  });

  it('never names a placeholder host', () => {
    for (const links of [
      { kind: 'served', notebook: 'notebooks/x.ipynb' },
      { kind: 'checkout', root: '/r', notebook: '/r/x.ipynb' },
    ] as const)
      expect(exportHref(links, '/chapters/x/')).not.toMatch(/^[a-z]+:|example/);
  });
});
