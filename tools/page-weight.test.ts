import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import {
  eagerScripts,
  images,
  inferBase,
  pageWeight,
  staticImports,
  stylesheets,
  urlToDistPath,
  weighSite,
  JS_BUDGET,
} from './page-weight.ts';

describe('parsing a page', () => {
  const html = [
    '<script type="module" src="/base/_astro/page.js"></script>',
    '<script>console.log(1)</script>',
    '<script type="application/ld+json">{"a":1}</script>',
    '<script type="application/json" id="data">[1]</script>',
    '<script type=module>import "./x.js"</script>',
    '<link rel="stylesheet" href="/base/_astro/a.css"><link rel="stylesheet" href="/base/_astro/p.css" media="print"><link rel="icon" href="/base/f.svg">',
    '<img src="/base/diagrams/d.svg" alt=""><img alt="" src="https://example.org/x.png">',
  ].join('\n');

  it('finds the scripts that run on load, not JSON data blocks', () => {
    expect(eagerScripts(html)).toEqual({ srcs: ['/base/_astro/page.js'], inline: ['console.log(1)', 'import "./x.js"'] });
  });
  it('finds stylesheets and images', () => {
    expect(stylesheets(html)).toEqual(['/base/_astro/a.css', '/base/_astro/p.css']);
    expect(images(html)).toEqual(['/base/diagrams/d.svg', 'https://example.org/x.png']);
  });
  it('follows static imports but not dynamic ones', () => {
    expect(
      staticImports('import{a as b}from"./ui-core.js";import"./side.js";const p=import("./lazy.js");export{x}from \'./re.mjs\''),
    ).toEqual(['./ui-core.js', './side.js', './re.mjs']);
  });
  it('reads the base from where the page links its assets', () => {
    expect(inferBase(html)).toBe('/base/');
    expect(inferBase('<script src="/_astro/a.js"></script>')).toBe('/');
    expect(inferBase('<p>no assets</p>')).toBe('/');
  });
  it('maps site URLs to dist files, and nothing else', () => {
    expect(urlToDistPath('/base/_astro/a.css', '/base/')).toBe('_astro/a.css');
    expect(urlToDistPath('/base/chapters/x/', '/base/')).toBe('chapters/x/index.html');
    expect(urlToDistPath('/base/', '/base/')).toBe('index.html');
    expect(urlToDistPath('/base/a.svg?v=1#f', '/base/')).toBe('a.svg');
    expect(urlToDistPath('/other/a.css', '/base/')).toBeUndefined();
    expect(urlToDistPath('https://example.org/x.png', '/base/')).toBeUndefined();
    expect(urlToDistPath('//cdn.example.org/x.js', '/')).toBeUndefined();
  });
});

describe('weighing a built site', () => {
  let dist: string;
  const big = 'x'.repeat(10) + Array.from({ length: 20000 }, (_, i) => `v${i * 7919}`).join(';'); // compresses poorly
  beforeAll(() => {
    dist = mkdtempSync(join(tmpdir(), 'weight-'));
    mkdirSync(join(dist, '_astro'));
    mkdirSync(join(dist, 'light'));
    writeFileSync(join(dist, '_astro/page.js'), 'import"./core.js";import("./lazy.js");');
    writeFileSync(join(dist, '_astro/core.js'), 'import"./page.js";export const a=1;'); // a cycle is counted once
    writeFileSync(join(dist, '_astro/lazy.js'), big);
    writeFileSync(join(dist, '_astro/heavy.js'), big);
    writeFileSync(join(dist, '_astro/a.css'), 'body{color:red}');
    writeFileSync(join(dist, 'd.svg'), '<svg/>');
    writeFileSync(
      join(dist, 'index.html'),
      '<link rel="stylesheet" href="/b/_astro/a.css"><script type="module" src="/b/_astro/page.js"></script><img src="/b/d.svg">',
    );
    writeFileSync(join(dist, 'light/index.html'), '<script type="module" src="/b/_astro/page.js"></script>');
    writeFileSync(join(dist, 'heavy.html'), '<script type="module" src="/b/_astro/heavy.js"></script>');
  });
  afterAll(() => rmSync(dist, { recursive: true, force: true }));

  it('counts eager JS with its static imports once, CSS and images, gzip', () => {
    const w = pageWeight(dist, join(dist, 'index.html'), '/b/');
    const gz = (s: string) => gzipSync(s).length;
    expect(w.js).toBe(gz('import"./core.js";import("./lazy.js");') + gz('import"./page.js";export const a=1;'));
    expect(w.css).toBe(gz('body{color:red}'));
    expect(w.images).toBe(gz('<svg/>'));
    expect(w.files.sort()).toEqual(['_astro/a.css', '_astro/core.js', '_astro/page.js', 'd.svg']);
  });

  it('flags exactly the pages over the eager-JS budget', () => {
    const { base, pages } = weighSite(dist);
    expect(base).toBe('/b/');
    expect(gzipSync(big).length).toBeGreaterThan(JS_BUDGET);
    expect(pages.map((p) => [p.page, p.overBudget])).toEqual([
      ['heavy.html', true],
      ['index.html', false],
      ['light/index.html', false],
    ]);
  });
});
