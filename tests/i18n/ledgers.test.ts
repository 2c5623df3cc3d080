// Every claim of a ledger is translated: a Chinese chapter never shows an English claim.
import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../helpers/sandbox.ts';
import { ledgerOf, LEDGERS, ledgerFile } from '../../store/ledgers-fs.ts';

const chapters = readdirSync(join(ROOT, LEDGERS))
  .filter((f) => f.endsWith('.json'))
  .map((f) => f.replace(/\.json$/, ''));

describe('ledgers', () => {
  it.each(chapters)('%s: every claim has its Chinese words, and the chapter shows the ledger', (chapter) => {
    const en = ledgerOf(ROOT, chapter, 'en')!;
    expect(existsSync(join(ROOT, ledgerFile(chapter, 'zh-cn')))).toBe(true);
    const words = JSON.parse(readFileSync(join(ROOT, ledgerFile(chapter, 'zh-cn')), 'utf8')) as Record<string, Record<string, string>>;
    for (const c of en.claims) {
      const w = words[c.id];
      expect(w, `${chapter}: ${c.id}`).toBeDefined();
      for (const field of ['claim', 'essay', 'note', 'untested'] as const)
        if (c[field] !== undefined) expect(w?.[field], `${chapter}: ${c.id}.${field}`).toBeTruthy();
    }
    for (const dir of ['content/docs/chapters', 'content/docs/zh-cn/chapters'])
      expect(readFileSync(join(ROOT, dir, `${chapter}.mdx`), 'utf8')).toContain(`<Ledger chapter="${chapter}" />`);
  });
});
