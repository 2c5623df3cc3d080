/**
 * The live notebook in the browser, loaded only by the local runner's site (never by the static
 * build): on every cell Run / preset / Cancel, an editor for its code (Shift+Enter runs the
 * edited code, Save writes the file), a parameters form, the history of its runs overlaid on the
 * chart; Run all for the chapter. Records stream over Server-Sent Events and the chart is redrawn
 * with Plot as rows arrive. A reloaded page gets the current run replayed and carries on live.
 * Authentication rides on the runner's HttpOnly cookie.
 */
import * as Plot from '@observablehq/plot';
import { RunEvent, type CellDescription, type CellRecord, type HistoryEntry, type RowData } from '../../runners/protocol.ts';
import { plotOptions, stripMarkLabels, type ChartSpec, type PlotLike } from '../lib/chart-spec.ts';
import { ui, type Lang, type UiStrings } from '../lib/ui-strings.ts';
import { API, ApiError, call } from './api.ts';
import { el } from './dom.ts';
import { historyPanel, type Overlay } from './history-panel.ts';
import { paramsPanel, type ParamsPanel } from './params-panel.ts';
import { runAllBar, type RunAllBar } from './run-all.ts';
import '../styles/live.css';

type Editor = import('@codemirror/view').EditorView;

interface LiveCell {
  id: string;
  lang: Lang;
  t: UiStrings;
  root: HTMLElement;
  spec: ChartSpec;
  chart: HTMLElement;
  run: HTMLButtonElement;
  cancel: HTMLButtonElement;
  preset: HTMLSelectElement;
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
  measured: RowData[];
  essay: RowData[];
  overlays: Overlay[];
  /** Rows on the chart came from this page's runs (not the stored results). */
  live: boolean;
  drawPending: boolean;
  description?: CellDescription;
  editor?: { view: Editor; box: HTMLElement; saved: string };
  params?: ParamsPanel;
  historyLoaded?: boolean;
}

const cells = new Map<string, LiveCell>();
let runAll: RunAllBar | undefined;

function button(text: string, className = ''): HTMLButtonElement {
  return el('button', { type: 'button', className, textContent: text });
}

function mount(root: HTMLElement): LiveCell {
  const id = root.dataset.cell!;
  const lang: Lang = root.dataset.lang === 'zh-cn' ? 'zh-cn' : 'en';
  const t = ui(lang);
  const slot = root.querySelector<HTMLElement>('[data-live-slot]')!;
  const run = button(t.live.run, 'am-run');
  run.setAttribute('aria-label', t.live.runCell(id));
  const cancel = el('button', { type: 'button', className: 'am-cancel', textContent: t.live.cancel, hidden: true });
  const preset = el('select', { className: 'am-preset', title: t.live.preset }, new Option('quick', 'quick'), new Option('full', 'full'));
  preset.setAttribute('aria-label', `${t.live.preset}: ${id}`);
  const editButton = button(t.live.edit);
  const paramsButton = button(t.live.parameters);
  const historyButton = button(t.live.history);
  for (const b of [editButton, paramsButton, historyButton]) b.setAttribute('aria-expanded', 'false');
  const status = el('span', { className: 'am-status' });
  status.setAttribute('role', 'status');
  const origin = el('p', { className: 'am-origin', hidden: true });
  const progress = el('progress', { className: 'am-progress', max: 1, value: 0, hidden: true });
  const error = el('div', { className: 'am-error', hidden: true });
  error.setAttribute('role', 'alert');
  const log = el('pre', { className: 'am-log', hidden: true });
  const panels = el('div', { className: 'am-panels' });
  slot.append(el('div', { className: 'am-toolbar' }, run, preset, editButton, paramsButton, historyButton, cancel, progress, status), panels, error, log);
  root.querySelector('.am-output')!.before(origin);
  const cell: LiveCell = {
    id, lang, t, root,
    spec: JSON.parse(root.dataset.chart!),
    chart: root.querySelector<HTMLElement>('.am-chart')!,
    run, cancel, preset, editButton, paramsButton, historyButton, panels, status, origin, progress, error, log,
    measured: [], essay: [], overlays: [], live: false, drawPending: false,
  };
  run.addEventListener('click', () => void start(cell));
  cancel.addEventListener('click', () => void stop(cell));
  editButton.addEventListener('click', () => void toggleEditor(cell));
  paramsButton.addEventListener('click', () => void toggleParams(cell));
  historyButton.addEventListener('click', () => void toggleHistory(cell));
  preset.addEventListener('change', () => cell.params?.fill(preset.value as 'quick' | 'full'));
  return cell;
}

async function describe(cell: LiveCell): Promise<CellDescription | undefined> {
  try {
    cell.description ??= await call<CellDescription>('GET', `cells/${cell.id}`);
    return cell.description;
  } catch (e) {
    showError(cell, cell.t.live.loadError((e as Error).message));
    return undefined;
  }
}

// ---- Running -------------------------------------------------------------------------------

async function start(cell: LiveCell): Promise<void> {
  showError(cell, undefined);
  const preset = cell.preset.value as 'quick' | 'full';
  const body: Record<string, unknown> = { cell: cell.id, preset };
  if (cell.params) {
    const edits = cell.params.edits(preset);
    if (edits === undefined) return; // a field holds no value: its message is shown
    if (Object.keys(edits).length) body.params = edits;
  }
  if (cell.editor && isEdited(cell)) body.source = cell.editor.view.state.doc.toString();
  try {
    const r = await call<{ runId: string }>('POST', 'runs', body);
    cell.runId = r.runId;
  } catch (e) {
    const issues = e instanceof ApiError ? (e.body.issues as { path: string; message: string }[] | undefined) : undefined;
    if (issues?.length && cell.params) cell.params.showIssues(issues);
    showError(cell, cell.t.live.couldNotStart((e as Error).message));
  }
}

async function stop(cell: LiveCell): Promise<void> {
  if (!cell.runId) return;
  try {
    await call('POST', `runs/${cell.runId}/cancel`);
  } catch (e) {
    showError(cell, cell.t.live.couldNotCancel((e as Error).message));
  }
}

function showError(cell: LiveCell, text: string | undefined): void {
  cell.error.hidden = !text;
  cell.error.textContent = text ?? '';
}

// ---- Chart ---------------------------------------------------------------------------------

function draw(cell: LiveCell): void {
  if (cell.drawPending) return;
  cell.drawPending = true;
  requestAnimationFrame(() => {
    cell.drawPending = false;
    const width = Math.max(320, Math.min(cell.chart.clientWidth || 688, 900));
    const data = { measured: cell.measured, essay: cell.essay, overlays: cell.overlays };
    const figure = Plot.plot(plotOptions(Plot as unknown as PlotLike, cell.spec, data, { width, lang: cell.lang }));
    cell.chart.replaceChildren(stripMarkLabels(figure));
    cell.root.dataset.rows = String(cell.measured.length);
  });
}

function appendLog(cell: LiveCell, text: string): void {
  cell.log.hidden = false;
  const lines = (cell.log.textContent + text + '\n').split('\n');
  cell.log.textContent = lines.slice(-200).join('\n'); // the page keeps the tail; the runner caps the rest
  cell.log.scrollTop = cell.log.scrollHeight;
}

function onRecord(cell: LiveCell, r: CellRecord): void {
  switch (r.type) {
    case 'row':
      cell.measured.push(r.data);
      draw(cell);
      break;
    case 'reference':
      cell.essay.push(r.data);
      draw(cell);
      break;
    case 'progress':
      cell.progress.hidden = false;
      cell.progress.value = r.done / r.total;
      cell.status.textContent = `${cell.t.live.running} · ${r.done}/${r.total}${r.label ? ` · ${r.label}` : ''}`;
      break;
    case 'log':
      appendLog(cell, r.stream === 'stderr' ? `! ${r.text}` : r.text);
      break;
    case 'truncated':
      appendLog(cell, cell.t.live.truncated(r.stream));
      break;
    case 'error': {
      const at = r.at ? ` (${r.at.file.replace(/^.*?\/notebooks\//, 'notebooks/')}:${r.at.line})` : '';
      showError(cell, `${cell.t.live.errorOf(r.kind)}: ${r.message}${at}`);
      break;
    }
    default:
      break;
  }
}

/** After a save (results or code) the server-rendered parts are fetched fresh. */
async function refreshStatic(cell: LiveCell, parts = ['.am-rows', '.am-provenance', '.am-notice']): Promise<void> {
  const html = await (await fetch(location.href)).text();
  const fresh = new DOMParser().parseFromString(html, 'text/html').querySelector<HTMLElement>(`[data-cell="${CSS.escape(cell.id)}"]`);
  if (!fresh) return;
  for (const sel of parts) {
    // In place when the part was there; a part that is new goes above the live controls.
    const old = cell.root.querySelector(sel);
    const replacement = fresh.querySelector(sel);
    if (old && replacement) old.replaceWith(replacement);
    else if (old) old.remove();
    else if (replacement) cell.root.querySelector('[data-live-slot]')!.before(replacement);
  }
}

function onState(cell: LiveCell, e: Extract<RunEvent, { kind: 'state' }>): void {
  const t = cell.t.live;
  cell.runId = e.runId;
  cell.root.dataset.state = e.state;
  if (e.origin) cell.root.dataset.origin = e.origin;
  const active = e.state === 'queued' || e.state === 'running';
  cell.run.disabled = active;
  cell.cancel.hidden = !active;
  const experiment = e.origin && e.origin !== 'file';
  if (e.state === 'queued') cell.status.textContent = t.queued(e.position);
  if (e.state === 'running') {
    cell.measured = [];
    cell.essay = [];
    cell.live = true;
    cell.log.textContent = '';
    cell.log.hidden = true;
    showError(cell, undefined);
    cell.progress.hidden = true;
    cell.status.textContent = e.origin === 'edited-code' ? t.runningEdited : t.running;
    cell.origin.hidden = !experiment;
    cell.origin.textContent = experiment ? `▸ ${t.origin[e.origin!]}` : '';
    draw(cell);
  }
  if (!active) cell.progress.hidden = true;
  if (e.state === 'done') {
    cell.status.textContent = e.saved ? t.doneSaved : experiment ? t.doneExperiment : t.doneNotSaved;
    if (e.saved) void refreshStatic(cell);
    cell.historyLoaded = false;
  }
  if (e.state === 'error') cell.status.textContent = t.failed;
  if (e.state === 'cancelled') cell.status.textContent = t.cancelled;
  runAll?.onState(e);
}

// ---- Editor --------------------------------------------------------------------------------

function isEdited(cell: LiveCell): boolean {
  return !!cell.editor && cell.editor.view.state.doc.toString() !== cell.editor.saved;
}

function markEdited(cell: LiveCell): void {
  cell.root.dataset.edited = String(isEdited(cell));
}

async function toggleEditor(cell: LiveCell): Promise<void> {
  const staticCode = cell.root.querySelector<HTMLElement>('.expressive-code');
  if (cell.editor) {
    const open = cell.editor.box.hidden;
    cell.editor.box.hidden = !open;
    if (staticCode) staticCode.hidden = open;
    cell.editButton.setAttribute('aria-expanded', String(open));
    cell.editButton.textContent = open ? cell.t.live.closeEditor : cell.t.live.edit;
    if (open) cell.editor.view.focus();
    return;
  }
  const description = await describe(cell);
  if (!description) return;
  const { createEditor, setDoc } = await import('./editor.ts');
  const t = cell.t.live;
  const host = el('div', { className: 'am-editor' });
  const reset = button(t.reset);
  const save = button(t.save);
  const note = el('span', { className: 'am-note' });
  note.setAttribute('role', 'status');
  const box = el('div', { className: 'am-editor-box' }, host, el('div', { className: 'am-toolbar' }, reset, save, note), el('p', { className: 'am-hint', textContent: t.editorHint }));
  (staticCode ?? cell.root.querySelector('.am-output')!).before(box);
  if (staticCode) staticCode.hidden = true;
  const view = createEditor(host, description.source, {
    label: t.editorLabel(cell.id),
    onRun: () => void start(cell),
    onSave: () => void saveSource(cell, note),
    onChange: () => markEdited(cell),
  });
  cell.editor = { view, box, saved: description.source };
  reset.addEventListener('click', () => {
    setDoc(view, cell.editor!.saved);
    markEdited(cell);
    view.focus();
  });
  save.addEventListener('click', () => void saveSource(cell, note));
  cell.editButton.setAttribute('aria-expanded', 'true');
  cell.editButton.textContent = t.closeEditor;
  markEdited(cell);
  view.focus();
}

async function saveSource(cell: LiveCell, note: HTMLElement): Promise<void> {
  if (!cell.editor) return;
  const source = cell.editor.view.state.doc.toString();
  try {
    const r = await call<{ saved: string }>('PUT', `cells/${cell.id}/source`, { source });
    cell.editor.saved = source;
    cell.description = undefined; // parameters may have changed with the code
    note.textContent = cell.t.live.saved(r.saved);
    markEdited(cell);
    await refreshStatic(cell, ['.expressive-code', '.am-notice']);
    const staticCode = cell.root.querySelector<HTMLElement>('.expressive-code');
    if (staticCode) staticCode.hidden = !cell.editor.box.hidden;
  } catch (e) {
    note.textContent = '';
    showError(cell, cell.t.live.couldNotSave((e as Error).message));
  }
}

// ---- Parameters and history panels ---------------------------------------------------------

function togglePanel(cell: LiveCell, trigger: HTMLButtonElement, panel: HTMLElement): boolean {
  const open = trigger.getAttribute('aria-expanded') !== 'true';
  trigger.setAttribute('aria-expanded', String(open));
  panel.hidden = !open;
  return open;
}

async function toggleParams(cell: LiveCell): Promise<void> {
  if (cell.params) {
    togglePanel(cell, cell.paramsButton, cell.params.element);
    return;
  }
  const description = await describe(cell);
  if (!description) return;
  if (description.paramsError) return showError(cell, cell.t.live.loadError(description.paramsError));
  cell.params = paramsPanel(cell.id, description, cell.t.live, () => cell.params?.edits(cell.preset.value as 'quick' | 'full'));
  cell.params.fill(cell.preset.value as 'quick' | 'full');
  cell.panels.append(cell.params.element);
  cell.paramsButton.setAttribute('aria-expanded', 'true');
  cell.params.element.querySelector<HTMLElement>('input, select')?.focus();
}

async function toggleHistory(cell: LiveCell): Promise<void> {
  const existing = cell.panels.querySelector<HTMLElement>('.am-history');
  if (existing && cell.historyLoaded) {
    togglePanel(cell, cell.historyButton, existing);
    return;
  }
  let entries: HistoryEntry[];
  try {
    entries = (await call<{ entries: HistoryEntry[] }>('GET', `cells/${cell.id}/history`)).entries;
  } catch (e) {
    return showError(cell, cell.t.live.loadError((e as Error).message));
  }
  const stored = entries.find((e) => e.stored);
  if (!cell.live && stored) {
    // Redraw from data (the page's SVG is static): our stored rows, the essay's, then overlays.
    cell.measured = stored.rows;
    cell.essay = stored.reference;
  }
  const panel = historyPanel(entries, cell.lang, cell.t, (overlays) => {
    cell.overlays = overlays;
    draw(cell);
  });
  existing?.replaceWith(panel);
  if (!existing) cell.panels.append(panel);
  cell.overlays = [];
  cell.historyLoaded = true;
  cell.historyButton.setAttribute('aria-expanded', 'true');
  panel.querySelector<HTMLElement>('input')?.focus();
}

// ---- Stream --------------------------------------------------------------------------------

function connect(): void {
  const source = new EventSource(API + 'events');
  source.onmessage = (message) => {
    const parsed = RunEvent.safeParse(JSON.parse(message.data));
    if (!parsed.success) return;
    const e = parsed.data;
    const cell = cells.get(e.cell);
    if (!cell) {
      if (e.kind === 'state') runAll?.onState(e);
      return;
    }
    if (e.kind === 'state') onState(cell, e);
    else onRecord(cell, e.record);
  };
  source.onerror = () => {
    for (const c of cells.values()) if (c.root.dataset.state === 'running') c.status.textContent = c.t.live.reconnecting;
  };
}

function init(): void {
  document.documentElement.dataset.runner = 'live';
  const roots = [...document.querySelectorAll<HTMLElement>('section.am-cell[data-cell]')];
  for (const root of roots) {
    const cell = mount(root);
    cells.set(cell.id, cell);
  }
  if (roots.length > 0) {
    const first = cells.get(roots[0].dataset.cell!)!;
    const top = document.querySelector<HTMLElement>('.sl-markdown-content > :first-child') ?? roots[0];
    runAll = runAllBar(top, [...cells.keys()], first.t.live, (text) => showError(first, text));
  }
  if (cells.size > 0) connect();
}

init();
