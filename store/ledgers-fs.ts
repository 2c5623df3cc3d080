/**
 * The chapters' claim ledgers on disk (core/ledger.ts says what a ledger is):
 *
 *   content/ledgers/<chapter>.json          { "claims": [...] }, its words in English
 *   content/ledgers/<lang>/<chapter>.json   { "<claim id>": { claim, essay, note, untested } }
 *
 * Read on every call, so the local site shows an edit at the next reload. A broken file is a
 * UserError that names it and the field.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../core/errors.ts';
import { Ledger, LedgerWords, localizeClaim } from '../core/ledger.ts';
import type { Lang } from '../core/ui-strings.ts';

export const LEDGERS = 'content/ledgers';

export function ledgerFile(chapter: string, lang: Lang = 'en'): string {
  return lang === 'en' ? `${LEDGERS}/${chapter}.json` : `${LEDGERS}/${lang}/${chapter}.json`;
}

function readJson(root: string, rel: string): unknown {
  try {
    return JSON.parse(readFileSync(join(root, rel), 'utf8'));
  } catch (e) {
    throw new UserError(`${rel} is not valid JSON: ${(e as Error).message}`, 'fix the file');
  }
}

function parse<T>(
  schema: {
    safeParse(
      v: unknown,
    ): { success: true; data: T } | { success: false; error: { issues: { path: (string | number)[]; message: string }[] } };
  },
  value: unknown,
  rel: string,
): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  throw new UserError(`${rel}: ${issue.path.join('.') || 'ledger'}: ${issue.message}`, 'see content/ledgers/README.md');
}

/** A chapter's ledger in one language, or undefined when the chapter has none. */
export function ledgerOf(root: string, chapter: string, lang: Lang = 'en'): Ledger | undefined {
  const rel = ledgerFile(chapter);
  if (!existsSync(join(root, rel))) return undefined;
  const ledger = parse(Ledger, readJson(root, rel), rel);
  const ids = new Set(ledger.claims.map((c) => c.id));
  if (ids.size !== ledger.claims.length) throw new UserError(`${rel}: two claims share an id`, 'give each claim its own id');
  if (lang === 'en') return ledger;
  const wordsRel = ledgerFile(chapter, lang);
  if (!existsSync(join(root, wordsRel))) return ledger;
  const words = parse(LedgerWords, readJson(root, wordsRel), wordsRel);
  const orphans = Object.keys(words).filter((id) => !ids.has(id));
  if (orphans.length)
    throw new UserError(`${wordsRel} translates ${orphans.join(', ')}, which ${rel} has no claim for`, 'rename or remove them');
  return { claims: ledger.claims.map((c) => localizeClaim(c, words)) };
}
