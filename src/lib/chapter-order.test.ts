import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { chapterSlugs, sidebarOrder } from './chapter-order.ts';

describe('chapter order', () => {
  it('reads sidebar.order from the front matter', () => {
    expect(sidebarOrder('---\ntitle: x\nsidebar:\n  order: 4\n---\nbody')).toBe(4);
    expect(sidebarOrder('---\ntitle: x\n---\nsidebar:\n  order: 4\n')).toBe(Infinity);
  });

  it('lists the book in the essays’ order', () => {
    const dir = fileURLToPath(new URL('../../content/docs/chapters', import.meta.url));
    expect(chapterSlugs(dir)).toEqual(['generator-overhead', 'databases', 'threads-vs-async', 'servers', 'cpu-vs-io', 'sync-vs-async']);
  });
});
