/**
 * A cell's earlier runs, listed with their provenance; ticking one overlays its rows on the chart.
 * The chapter's stored results are always the first entry.
 */
import type { HistoryEntry, RowData } from '../../runners/protocol.ts';
import { provenanceLine, paramsLine } from '../lib/cell-view.ts';
import type { Lang, UiStrings } from '../lib/ui-strings.ts';

export interface Overlay {
  label: string;
  rows: RowData[];
}

export function historyPanel(entries: HistoryEntry[], lang: Lang, t: UiStrings, onChange: (overlays: Overlay[]) => void): HTMLElement {
  const list = document.createElement('ul');
  list.className = 'am-history';
  if (entries.length === 0) list.append(Object.assign(document.createElement('li'), { textContent: t.live.noHistory }));
  const ticked = new Set<HistoryEntry>();
  for (const e of entries) {
    const label = `${e.date.slice(0, 16).replace('T', ' ')} · ${e.stored ? t.live.storedResults : t.live.origin[e.origin]}`;
    const box = Object.assign(document.createElement('input'), { type: 'checkbox' });
    box.dataset.key = e.key;
    box.addEventListener('change', () => {
      if (box.checked) ticked.add(e);
      else ticked.delete(e);
      onChange(entries.filter((x) => ticked.has(x)).map((x) => ({ label: overlayLabel(x), rows: x.rows })));
    });
    const text = document.createElement('label');
    const details = Object.assign(document.createElement('small'), {
      textContent: `${provenanceLine(e.provenance, e.preset, undefined, lang)}${Object.keys(e.params).length ? ` · ${paramsLine(e.params)}` : ''}`,
    });
    text.append(box, ` ${label}`, document.createElement('br'), details);
    const item = document.createElement('li');
    item.append(text);
    list.append(item);
  }
  function overlayLabel(e: HistoryEntry): string {
    return `${e.stored ? t.live.storedResults : t.live.origin[e.origin]}, ${e.date.slice(0, 16).replace('T', ' ')}`;
  }
  return list;
}
