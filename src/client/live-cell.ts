/**
 * One cell of the live notebook page: the state the page keeps for it and the small helpers every
 * part of the page uses (its error line, its description and history from the runner).
 */
import type { Preset } from '../../core/protocol.ts';
import type { CellDescription, HistoryAnswer, HistoryEntry } from '../../core/api.ts';
import type { ChartSpec } from '../../core/chart-spec.ts';
import type { RunFacts } from '../../core/cell-status-view.ts';
import { isSmallerPreset } from '../../core/preset-rank.ts';
import { REFERENCE_RUNTIME } from '../../core/runtimes.ts';
import type { Lang, UiStrings } from '../../core/ui-strings.ts';
import { call } from './api.ts';
import { el } from './dom.ts';
import type { LiveChart } from './live-chart.ts';
import type { ParamsPanel } from './params-panel.ts';

type Editor = import('@codemirror/view').EditorView;

export interface LiveCell {
  id: string;
  lang: Lang;
  t: UiStrings;
  root: HTMLElement;
  spec: ChartSpec;
  chart: LiveChart;
  /** The runtime of the cell's own stored results: node20 for a TypeScript cell, cpython for a Python one. */
  ownRuntime: string;
  run: HTMLButtonElement;
  cancel: HTMLButtonElement;
  preset: HTMLSelectElement;
  /** The runtime to run on (a RuntimeId); the stored results the page shows are Node 20's. */
  runtime: HTMLSelectElement;
  /** Shown when the chosen preset is smaller than the stored results': ticked, Run replaces them. */
  replace: HTMLInputElement;
  replaceLabel: HTMLLabelElement;
  editButton: HTMLButtonElement;
  paramsButton: HTMLButtonElement;
  historyButton: HTMLButtonElement;
  panels: HTMLElement;
  status: HTMLElement;
  origin: HTMLElement;
  progress: HTMLProgressElement;
  error: HTMLElement;
  log: HTMLPreElement;
  runId?: string;
  /** What the page knows of the run it shows, for its status line. */
  facts?: RunFacts;
  /** The stored results' preset (`data-preset`, refreshed after a save). */
  storedPreset?: Preset;
  /** Rows on the chart came from this page's runs (not the stored results). */
  live: boolean;
  description?: CellDescription;
  editor?: { view: Editor; box: HTMLElement; saved: string };
  params?: ParamsPanel;
  /** The runner's history of the cell (stored results first), until a run ends. */
  history?: HistoryEntry[];
  /** The history the open panel lists. */
  panelHistory?: HistoryEntry[];
}

export function button(text: string, className = ''): HTMLButtonElement {
  return el('button', { type: 'button', className, textContent: text });
}

export function showError(cell: LiveCell, text: string | undefined): void {
  cell.error.hidden = !text;
  cell.error.textContent = text ?? '';
}

/** True when the editor holds code that differs from the saved file. */
export function isEdited(cell: LiveCell): boolean {
  return !!cell.editor && cell.editor.view.state.doc.toString() !== cell.editor.saved;
}

export async function describe(cell: LiveCell): Promise<CellDescription | undefined> {
  try {
    cell.description ??= await call<CellDescription>('GET', `cells/${cell.id}`);
    return cell.description;
  } catch (e) {
    showError(cell, cell.t.live.loadError((e as Error).message));
    return undefined;
  }
}

/**
 * The replace checkbox shows only when the chosen preset is smaller than the stored results' (the
 * page knows the reference runtime's; on another runtime the runner keeps a smaller run aside).
 */
export function offerReplace(cell: LiveCell): void {
  const chosen = cell.preset.value as Preset;
  const smaller = cell.runtime.value === REFERENCE_RUNTIME && isSmallerPreset(chosen, cell.storedPreset);
  cell.replaceLabel.hidden = !smaller;
  if (!smaller) cell.replace.checked = false;
  else cell.replaceLabel.querySelector('span')!.textContent = cell.t.live.replaceLarger(chosen, cell.storedPreset!);
}

/** The runner's history of the cell (cached until a run ends); the stored results are its first entry. */
export async function loadHistory(cell: LiveCell): Promise<HistoryEntry[] | undefined> {
  try {
    cell.history ??= (await call<HistoryAnswer>('GET', `cells/${cell.id}/history`)).entries;
    return cell.history;
  } catch (e) {
    showError(cell, cell.t.live.loadError((e as Error).message));
    return undefined;
  }
}
