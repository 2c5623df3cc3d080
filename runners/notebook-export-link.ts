/**
 * The download link a chapter page shows: which notebook file a docs entry has, if any. Pure,
 * so the Starlight override only renders it.
 */
import { langOf, ui } from '../src/lib/ui-strings.ts';

export interface NotebookLink {
  href: string;
  label: string;
}

/**
 * `entryId` is the content entry's id ("chapters/servers", "zh-cn/chapters/servers"): a
 * Chinese page showing English fallback content links to the English notebook. `lang` is the
 * page's language, for the label.
 */
export function notebookLink(entryId: string, lang: string, baseUrl: string): NotebookLink | undefined {
  const m = /^(?:(zh-cn)\/)?chapters\/([a-z0-9][a-z0-9-]*)$/.exec(entryId);
  if (!m) return undefined;
  const base = baseUrl.replace(/\/?$/, '/');
  return { href: `${base}${m[1] ? `${m[1]}/` : ''}notebooks/${m[2]}.ipynb`, label: ui(langOf(lang)).downloadNotebook };
}
