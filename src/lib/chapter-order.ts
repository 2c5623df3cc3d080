/** The chapters in reading order: the files of a folder sorted by their `sidebar: order:` front matter. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Pure: the `sidebar.order` of one chapter's front matter (Infinity when it has none). */
export function sidebarOrder(source: string): number {
  const front = /^---\n([\s\S]*?)\n---/.exec(source)?.[1] ?? '';
  const order = /^sidebar:\s*\n(?:[ \t]+.*\n)*?[ \t]+order:\s*(-?\d+)/m.exec(front + '\n')?.[1];
  return order === undefined ? Infinity : Number(order);
}

export function chapterSlugs(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => /\.mdx?$/.test(f))
    .map((f) => ({ slug: f.replace(/\.mdx?$/, ''), order: sidebarOrder(readFileSync(join(dir, f), 'utf8')) }))
    .sort((a, b) => a.order - b.order || a.slug.localeCompare(b.slug))
    .map((c) => c.slug);
}
