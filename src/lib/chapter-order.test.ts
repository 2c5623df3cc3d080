import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chapterSlugs, sidebarOrder } from './chapter-order.ts';

describe('chapter order', () => {
  it('reads sidebar.order from the front matter', () => {
    expect(sidebarOrder('---\ntitle: x\nsidebar:\n  order: 4\n---\nbody')).toBe(4);
    expect(sidebarOrder('---\ntitle: x\n---\nsidebar:\n  order: 4\n')).toBe(Infinity);
  });

  it('sorts chapters by their order, then by name; a chapter without one goes last', () => {
    const dir = mkdtempSync(join(tmpdir(), 'am-order-'));
    try {
      const chapter = (name: string, order?: number) =>
        writeFileSync(join(dir, name), `---\ntitle: ${name}\n${order === undefined ? '' : `sidebar:\n  order: ${order}\n`}---\n`);
      chapter('zeta.mdx', 1);
      chapter('alpha.md', 2);
      chapter('beta.mdx', 2);
      chapter('unordered.mdx');
      chapter('first.mdx', -1);
      writeFileSync(join(dir, 'notes.txt'), 'not a chapter');
      expect(chapterSlugs(dir)).toEqual(['first', 'zeta', 'alpha', 'beta', 'unordered']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('gives every chapter of the book an order of its own', () => {
    const dir = fileURLToPath(new URL('../../content/docs/chapters', import.meta.url));
    const orders = chapterSlugs(dir).map((slug) => sidebarOrder(readFileSync(join(dir, `${slug}.mdx`), 'utf8')));
    expect(orders.every(Number.isFinite)).toBe(true);
    expect(new Set(orders).size).toBe(orders.length);
  });
});
