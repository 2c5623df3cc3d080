// The site built for a sub-path (as GitHub Pages serves a project site) and served only under it:
// every link, asset and download resolves, nothing is requested outside the prefix, and search
// finds pages in both languages with links that stay under the prefix.
// The same build carries a joined chart (tests/helpers/joined-chart.ts): a chapter whose chart joins
// a Python cell to a TypeScript one, with a second runtime's results, builds; one chart draws the
// essay, CPython, Node 20 and Bun, each named in the legend, and the rows table lists the runtime.
// One astro build for both (a build is the costliest step of the lane); the crawl covers the
// joined chart's pages and downloads too.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { makeSandbox, userEnv, type Sandbox } from '../helpers/sandbox.ts';
import { buildSite } from '../helpers/build.ts';
import { addJoinedChart } from '../helpers/joined-chart.ts';
import { launch } from '../helpers/browser.ts';
import { serveStatic } from '../helpers/static-server.ts';

const BASE = '/async-measured/';
const SITE = 'https://owner.github.io';

let box: Sandbox;
let browser: Browser;
let server: { origin: string; close: () => Promise<void> };
/** Translated (not fallback) zh-cn pages in the copy: slug → title. */
let zhPages: Map<string, string>;

/**
 * Search and the crawl must see a real Chinese page. Until the translations land, the copy gets
 * one (only in the sandbox): a short translation of the introduction's first lines.
 */
function ensureChinesePage(dir: string): void {
  const zh = join(dir, 'content/docs/zh-cn');
  if (existsSync(zh) && readdirSync(zh, { recursive: true }).some((f) => String(f).endsWith('.mdx'))) return;
  mkdirSync(join(zh, 'chapters'), { recursive: true });
  writeFileSync(
    join(zh, 'chapters/generator-overhead.mdx'),
    '---\ntitle: 生成器调用的代价\nsidebar:\n  order: 1\n---\n\n协程调用比普通函数调用慢多少？我们在 Node 上重新测量，并与[数据库那一章](/zh-cn/chapters/databases/)的往返时间相比。\n',
  );
}

function translatedPages(dir: string): Map<string, string> {
  const zh = join(dir, 'content/docs/zh-cn');
  const pages = new Map<string, string>();
  for (const f of readdirSync(zh, { recursive: true })
    .map(String)
    .filter((f) => /\.mdx?$/.test(f))) {
    const title = /^title:\s*["']?(.+?)["']?\s*$/m.exec(readFileSync(join(zh, f), 'utf8'))?.[1];
    if (title) pages.set(f.replace(/\.mdx?$/, '').replace(/(^|\/)index$/, ''), title);
  }
  return pages;
}

beforeAll(async () => {
  box = makeSandbox();
  ensureChinesePage(box.dir);
  zhPages = translatedPages(box.dir);
  addJoinedChart(box.dir);
  const build = await buildSite(box.dir, { BASE_PATH: BASE, SITE_URL: SITE });
  if (build.code !== 0) throw new Error(`astro build failed:\n${build.output}`);
  server = await serveStatic(join(box.dir, 'dist'), BASE);
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
  box?.remove();
});

/** Requests a page makes that fail, or that leave the prefix on our own server. */
function watch(page: Page, origin: string): string[] {
  const problems: string[] = [];
  page.on('request', (r) => {
    const u = new URL(r.url());
    if (u.origin === origin && !u.pathname.startsWith(BASE)) problems.push(`requested outside ${BASE}: ${u.pathname} (from ${page.url()})`);
  });
  page.on('response', (r) => r.status() >= 400 && problems.push(`HTTP ${r.status()} ${r.url()} (from ${page.url()})`));
  // ERR_ABORTED: the crawl moved on to the next page before a low-priority load (favicon, a lazy chunk) finished.
  page.on(
    'requestfailed',
    (r) =>
      r.failure()?.errorText !== 'net::ERR_ABORTED' && problems.push(`failed ${r.url()}: ${r.failure()?.errorText} (from ${page.url()})`),
  );
  page.on('pageerror', (e) => problems.push(`page error on ${page.url()}: ${e.message}`));
  return problems;
}

interface Ref {
  tag: string;
  url: string;
}

describe(`the site built for ${BASE}`, () => {
  it('crawls from both home pages with no broken link, asset or download, and nothing outside the prefix', async () => {
    const origin = server.origin;
    const page = await browser.newPage();
    const problems = watch(page, origin);
    const pages = new Map<string, string[]>(); // crawled page path → element ids on it
    const queue = [`${BASE}`, `${BASE}zh-cn/`];
    const assets = new Map<string, string>(); // asset path → a page that links it
    const anchors: Array<{ from: string; path: string; id: string }> = [];

    while (queue.length) {
      const path = queue.shift()!;
      if (pages.has(path)) continue;
      const res = await page.goto(origin + path, { waitUntil: 'load' });
      if (res?.status() !== 200) problems.push(`HTTP ${res?.status()} for page ${path}`);
      const found = await page.evaluate(() => ({
        refs: [
          ...[...document.querySelectorAll('a[href]')].map((e) => ({ tag: 'a', url: (e as HTMLAnchorElement).href })),
          ...[...document.querySelectorAll('link[href]')].map((e) => ({
            tag: `link[rel=${e.getAttribute('rel')}]`,
            url: (e as HTMLLinkElement).href,
          })),
          ...[...document.querySelectorAll('script[src]')].map((e) => ({ tag: 'script', url: (e as HTMLScriptElement).src })),
          ...[...document.querySelectorAll('img[src]')].map((e) => ({ tag: 'img', url: (e as HTMLImageElement).src })),
        ],
        ids: [...document.querySelectorAll('[id]')].map((e) => e.id),
      }));
      pages.set(path, found.ids);
      for (const ref of found.refs as Ref[]) {
        let u = new URL(ref.url);
        // Canonical, hreflang and sitemap links name the deployed site: they must be under the base too.
        if (u.origin === SITE) u = new URL(u.pathname + u.search + u.hash, origin);
        if (u.origin !== origin) continue; // another site: not ours to check offline
        if (!u.pathname.startsWith(BASE)) {
          problems.push(`${ref.tag} on ${path} points outside ${BASE}: ${ref.url}`);
          continue;
        }
        // hreflang alternates are links a crawler follows too (the language picker is a <select>).
        const isPage = (ref.tag === 'a' || ref.tag === 'link[rel=alternate]') && (u.pathname.endsWith('/') || u.pathname.endsWith('.html'));
        if (isPage) {
          if (u.hash.length > 1) anchors.push({ from: path, path: u.pathname, id: decodeURIComponent(u.hash.slice(1)) });
          if (!pages.has(u.pathname)) queue.push(u.pathname);
        } else if (!assets.has(u.pathname)) assets.set(u.pathname, path);
      }
    }

    for (const [asset, from] of assets) {
      const r = await page.request.get(origin + asset);
      if (r.status() !== 200) problems.push(`HTTP ${r.status()} for ${asset} (linked from ${from})`);
    }
    for (const a of anchors) if (!pages.get(a.path)?.includes(a.id)) problems.push(`${a.from} links to ${a.path}#${a.id}: no such id`);
    await page.close();

    expect(problems).toEqual([]);
    // The crawl really went through the site: every chapter in both languages, and the raw results.
    const built = readdirSync(join(box.dir, 'dist'), { recursive: true })
      .map(String)
      .filter((f) => f.endsWith('index.html'));
    expect([...pages.keys()].sort()).toEqual(built.map((f) => BASE + f.replace(/index\.html$/, '')).sort());
    expect([...assets.keys()].filter((a) => a.startsWith(`${BASE}results/`) && a.endsWith('.json')).length).toBeGreaterThanOrEqual(10);
    expect([...assets.keys()].some((a) => a.startsWith(`${BASE}diagrams/`))).toBe(true);
  });

  it("rewrites chapters' root-relative Markdown links to the base", () => {
    const html = readFileSync(join(box.dir, 'dist/chapters/databases/index.html'), 'utf8');
    const chapterLinks = [...html.matchAll(/href="([^"]*\/chapters\/[^"]*)"/g)].map((m) => m[1]).filter((h) => h.startsWith('/'));
    expect(chapterLinks).toContain(`${BASE}chapters/generator-overhead/`);
    expect(chapterLinks.filter((h) => !h.startsWith(BASE))).toEqual([]);
  });

  it('offers notebooks linking absolutely under SITE_URL and the base: the bytes `npm run export` writes', async () => {
    const built = readFileSync(join(box.dir, 'dist/notebooks/servers.ipynb'), 'utf8');
    const markdown = (JSON.parse(built) as { cells: Array<{ source: string[] }> }).cells.map((c) => c.source.join('')).join('\n');
    const links = [...markdown.matchAll(/\]\(<?([^)\s>]+)>?\)/g)].map((m) => m[1]);
    expect(links).toContain(`${SITE}${BASE}chapters/generator-overhead/`);
    expect(links.filter((u) => !u.startsWith(`${SITE}${BASE}`) && !/^https:\/\/(?!owner\.github\.io)/.test(u))).toEqual([]);
    const out = join(box.dir, 'exported.ipynb');
    const status = await new Promise((done) =>
      execFile(
        process.execPath,
        ['--import', 'tsx', 'runners/bin/export.ts', 'servers', '--out', out],
        { cwd: box.dir, env: userEnv({ SITE_URL: SITE, BASE_PATH: BASE }) },
        (e) => done(e ? e.code : 0),
      ),
    );
    expect(status).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe(built);
  });

  /** The result links for `query`; with `awaited`, once a link to that page has shown (results render as their fragments load). */
  async function search(path: string, query: string, awaited?: string): Promise<string[]> {
    const page = await browser.newPage();
    const problems = watch(page, server.origin);
    try {
      await page.goto(server.origin + path);
      // Starlight builds the search UI when the dialog first opens; on a busy machine a click can
      // come before its script listens. Open again until the input is there (bounded).
      const input = page.locator('.pagefind-ui__search-input');
      for (let attempt = 0; !(await input.isVisible()); attempt++) {
        if (attempt === 6) throw new Error('the search dialog never showed its input');
        await page.locator('button[data-open-modal]').first().click();
        await input.waitFor({ timeout: 10_000 }).catch(() => page.keyboard.press('Escape'));
      }
      await input.fill(query);
      await page.locator('.pagefind-ui__result-link').first().waitFor({ timeout: 60_000 });
      if (awaited)
        await page
          .locator(`.pagefind-ui__result-link[href^="${awaited}"]`)
          .first()
          .waitFor({ timeout: 60_000 })
          .catch(() => {}); // not found in time: the assertion below names what was found instead
      const links = await page.locator('.pagefind-ui__result-link').evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
      expect(problems).toEqual([]);
      return links;
    } finally {
      await page.close();
    }
  }

  it('search finds an English page, with result links under the base that load', async () => {
    const links = await search(`${BASE}chapters/databases/`, 'generator');
    expect(
      links.every((l) => l.startsWith(BASE)),
      links.join('\n'),
    ).toBe(true);
    expect(links.map((l) => l.split('#')[0])).toContain(`${BASE}chapters/generator-overhead/`);
    const page = await browser.newPage();
    expect((await page.goto(server.origin + links[0]))?.status()).toBe(200);
    await page.close();
  });

  it('search on a Chinese page finds Chinese pages by their titles', async () => {
    expect(zhPages.size).toBeGreaterThan(0); // ensureChinesePage guarantees one
    // Three titles at a time, each in its own tab (each waits mostly on search's index).
    const queue = [...zhPages];
    const found: Array<{ slug: string; title: string; links: string[] }> = [];
    const tab = async () => {
      for (let next = queue.shift(); next; next = queue.shift())
        found.push({
          slug: next[0],
          title: next[1],
          links: await search(`${BASE}zh-cn/`, next[1], `${BASE}zh-cn/${next[0] ? `${next[0]}/` : ''}`),
        });
    };
    await Promise.all([tab(), tab(), tab()]);
    for (const { slug, title, links } of found) {
      const expected = `${BASE}zh-cn/${slug ? `${slug}/` : ''}`;
      expect(
        links.map((l) => l.split('#')[0]),
        `searching "${title}"`,
      ).toContain(expected);
      expect(
        links.every((l) => l.startsWith(`${BASE}zh-cn/`)),
        links.join('\n'),
      ).toBe(true);
    }
  });
});

describe('a joined chart', () => {
  it('builds, and its chart names every runtime and the essay', () => {
    const html = readFileSync(join(box.dir, 'dist/chapters/generator-overhead/index.html'), 'utf8');
    const section = html.slice(html.indexOf('data-cell="generator-overhead/calls"'));
    const chart = section.slice(0, section.indexOf('</figure>'));
    for (const name of ['Node 20', 'Bun 1.2', 'CPython 3.11', 'CPython 3.4 (essay, 2015)']) expect(chart).toContain(name);
    // The rows table lists the runtime, by its name.
    const rows = section.slice(section.indexOf('am-rows'), section.indexOf('</details>'));
    expect(rows).toMatch(/<th[^>]*>runtime<\/th>/);
    expect(rows).toContain('<td>CPython 3.11</td>');
    expect(rows).toContain('<td>Bun 1.2</td>');
    // One machine's results: no faint marks, no note about them, no selector.
    expect(section.slice(0, section.indexOf('</section>'))).not.toMatch(/am-machine|am-spread-note/);
  });
});
