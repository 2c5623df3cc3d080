/**
 * What a built page costs a reader, gzip-compressed: its HTML, the JavaScript it runs on load
 * (module and classic scripts, their static imports, inline scripts), its stylesheets and images.
 * Shared by `npm run weight`, `npm run perf` and the budget test. Parsing is pure; only
 * pageWeight() and htmlFiles() read files.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { dirname, join, resolve } from 'node:path';

/** The eager-JavaScript budget per page (gzip), from the project's issue. */
export const JS_BUDGET = 15 * 1024;

export interface PageWeight {
  html: number;
  js: number;
  css: number;
  images: number;
  /** Every file counted for the page, as dist-relative paths, for reports. */
  files: string[];
}

const attr = (attrs: string, name: string) => new RegExp(`\\b${name}=["']?([^"'\\s>]+)`).exec(attrs)?.[1];

/** Scripts the browser runs on load: external ones by src, inline ones by text. JSON data blocks are not scripts. Pure. */
export function eagerScripts(html: string): { srcs: string[]; inline: string[] } {
  const srcs: string[] = [];
  const inline: string[] = [];
  for (const m of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
    const type = attr(m[1], 'type');
    if (type && !/^(module|text\/javascript|application\/javascript)$/i.test(type)) continue;
    const src = attr(m[1], 'src');
    if (src) srcs.push(src);
    else if (m[2].trim()) inline.push(m[2]);
  }
  return { srcs, inline };
}

/** Relative or absolute specifiers a module imports statically (`import "x"`, `from "x"`); `import("x")` loads lazily and is not counted. Pure. */
export function staticImports(code: string): string[] {
  return [...code.matchAll(/(?:\bimport|\bfrom)\s*["']([^"']+\.m?js)["']/g)].map((m) => m[1]);
}

/** Stylesheets a page loads (any media: print CSS is fetched too, at low priority). Pure. */
export function stylesheets(html: string): string[] {
  return [...html.matchAll(/<link\b([^>]*)>/gi)]
    .filter((m) => /\brel=["']?stylesheet/i.test(m[1]))
    .map((m) => attr(m[1], 'href')!)
    .filter(Boolean);
}

/** Images a page references with <img src>. Pure. */
export function images(html: string): string[] {
  return [...html.matchAll(/<img\b([^>]*)>/gi)].map((m) => attr(m[1], 'src')!).filter(Boolean);
}

/** The base a built site was made for, read from where it links its own assets ('/' when unsure). Pure. */
export function inferBase(html: string): string {
  return /(?:src|href)=["']?(\/[^"'\s>]*?)_astro\//.exec(html)?.[1] ?? '/';
}

/** The dist/ file a site URL maps to, or undefined for anything not on this site (other hosts, outside the base). Pure. */
export function urlToDistPath(url: string, base: string): string | undefined {
  if (/^[a-z][a-z0-9+.-]*:|^\/\//i.test(url) || !url.startsWith(base)) return undefined;
  const path = decodeURIComponent(url.slice(base.length).split(/[?#]/)[0]);
  return path === '' || path.endsWith('/') ? `${path}index.html` : path;
}

const gz = (data: Buffer | string) => gzipSync(data).length;

/** Weighs one built page. `htmlFile` is a path inside `dist`. */
export function pageWeight(dist: string, htmlFile: string, base = '/'): PageWeight {
  const html = readFileSync(htmlFile, 'utf8');
  const files: string[] = [];
  const sizeOf = (url: string) => {
    const rel = urlToDistPath(url, base);
    if (!rel) return 0;
    files.push(rel);
    return gz(readFileSync(join(dist, rel)));
  };

  const { srcs, inline } = eagerScripts(html);
  let js = inline.reduce((sum, code) => sum + gz(code), 0);
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const code = readFileSync(file);
    files.push(file.slice(resolve(dist).length + 1));
    js += gz(code);
    for (const spec of staticImports(code.toString('utf8'))) {
      const next = spec.startsWith('/') ? urlToDistPath(spec, base) : undefined;
      visit(next ? join(resolve(dist), next) : resolve(dirname(file), spec));
    }
  };
  for (const src of srcs) {
    const rel = urlToDistPath(src, base);
    if (rel) visit(join(resolve(dist), rel));
  }

  return {
    html: gz(html),
    js,
    css: stylesheets(html).reduce((sum, href) => sum + sizeOf(href), 0),
    images: [...new Set(images(html))].reduce((sum, src) => sum + sizeOf(src), 0),
    files,
  };
}

/** Every .html file under a folder. */
export function htmlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? htmlFiles(p) : p.endsWith('.html') ? [p] : [];
  });
}

export interface SitePage extends PageWeight {
  /** The page's path in dist/, e.g. `chapters/databases/index.html`. */
  page: string;
  overBudget: boolean;
}

/** Weighs every page of a built site (404 included: a host serves it too), with its base read from the home page. */
export function weighSite(dist: string): { base: string; pages: SitePage[] } {
  const root = resolve(dist);
  const base = inferBase(readFileSync(join(root, 'index.html'), 'utf8'));
  const pages = htmlFiles(root)
    .sort()
    .map((file) => {
      const w = pageWeight(root, file, base);
      return { page: file.slice(root.length + 1), ...w, overBudget: w.js > JS_BUDGET };
    });
  return { base, pages };
}
