/**
 * Which English pages lack a translation, against the list of translations known to be pending
 * (content/i18n-pending.json). Pure: takes page slugs, returns what is wrong.
 */

export interface PendingCheck {
  /** English pages with no translation that are not listed as pending: translate them or list them. */
  missing: string[];
  /** Listed as pending but translated now: remove them from the list. */
  stale: string[];
  /** Listed pages that have no English page at all (renamed or removed). */
  unknown: string[];
  /** Every English page still without a translation. */
  untranslated: string[];
}

/** A content file's slug: `chapters/servers.mdx` → `chapters/servers`, `index.md` → `index`. */
export function slugOf(file: string): string {
  return file.replace(/\\/g, '/').replace(/\.mdx?$/, '');
}

export function checkPending(english: string[], translated: string[], pending: string[]): PendingCheck {
  const has = new Set(translated);
  const listed = new Set(pending);
  const en = new Set(english);
  const untranslated = english.filter((p) => !has.has(p)).sort();
  return {
    missing: untranslated.filter((p) => !listed.has(p)),
    stale: pending.filter((p) => has.has(p)).sort(),
    unknown: pending.filter((p) => !en.has(p) && !has.has(p)).sort(),
    untranslated,
  };
}
