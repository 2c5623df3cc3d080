/**
 * The live notebook in the browser, loaded only by the local runner's site (never by the static
 * build): on every cell Run / preset / Cancel, an editor for its code (Shift+Enter runs the
 * edited code, Save writes the file), a parameters form, the history of its runs overlaid on the
 * chart; Run all for the chapter. Records stream over Server-Sent Events and the chart is redrawn
 * with Plot as rows arrive. A reloaded page gets the current run replayed and carries on live.
 * Authentication rides on the runner's HttpOnly cookie.
 */
import { RunEvent, type CellDescription, type CellRecord, type HistoryEntry, type Preset } from '../../core/protocol.ts';
import { isSmallerPreset } from '../../core/preset-rank.ts';
import type { ChartSpec } from '../../core/chart-spec.ts';
import { measureCommand, runStatus, statusView, type RunFacts, type StatusView, type StoredState } from '../../core/cell-status-view.ts';
import { ui, type Lang, type UiStrings } from '../../core/ui-strings.ts';
import { API, ApiError, call } from './api.ts';
import { el } from './dom.ts';
import { historyPanel } from './history-panel.ts';
import { liveChart, type LiveChart } from './live-chart.ts';
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
  chart: LiveChart;
  run: HTMLButtonElement;
  cancel: HTMLButtonElement;
  preset: HTMLSelectElement;
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
  const replace = el('input', { type: 'checkbox' });
  const replaceText = el('span');
  const replaceLabel = el('label', { className: 'am-replace', hidden: true }, replace, ' ', replaceText);
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
  slot.append(
    el('div', { className: 'am-toolbar' }, run, preset, replaceLabel, editButton, paramsButton, historyButton, cancel, progress, status),
    panels,
    error,
    log,
  );
  root.querySelector('.am-output')!.before(origin);
  const spec: ChartSpec = JSON.parse(root.dataset.chart!);
  const cell: LiveCell = {
    id,
    lang,
    t,
    root,
    spec,
    chart: liveChart(root, spec, lang, t),
    run,
    cancel,
    preset,
    replace,
    replaceLabel,
    editButton,
    paramsButton,
    historyButton,
    panels,
    status,
    origin,
    progress,
    error,
    log,
    storedPreset: (root.dataset.preset || undefined) as Preset | undefined,
    live: false,
  };
  offerReplace(cell);
  run.addEventListener('click', () => void start(cell));
  cancel.addEventListener('click', () => void stop(cell));
  editButton.addEventListener('click', () => void toggleEditor(cell));
  paramsButton.addEventListener('click', () => void toggleParams(cell));
  historyButton.addEventListener('click', () => void toggleHistory(cell));
  preset.addEventListener('change', () => {
    cell.params?.fill(preset.value as 'quick' | 'full');
    offerReplace(cell);
  });
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
  // Only the reader's tick lets a smaller preset replace a larger one's results, and only once.
  if (!cell.replaceLabel.hidden && cell.replace.checked) body.replace = true;
  try {
    const r = await call<{ runId: string }>('POST', 'runs', body);
    cell.runId = r.runId;
    cell.replace.checked = false;
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

// ---- Chart and status ----------------------------------------------------------------------

/** The replace checkbox shows only when the chosen preset is smaller than the stored results'. */
function offerReplace(cell: LiveCell): void {
  const chosen = cell.preset.value as Preset;
  const smaller = isSmallerPreset(chosen, cell.storedPreset);
  cell.replaceLabel.hidden = !smaller;
  if (!smaller) cell.replace.checked = false;
  else cell.replaceLabel.querySelector('span')!.textContent = cell.t.live.replaceLarger(chosen, cell.storedPreset!);
}

/** The runner's history of the cell (cached until a run ends); the stored results are its first entry. */
async function loadHistory(cell: LiveCell): Promise<HistoryEntry[] | undefined> {
  try {
    cell.history ??= (await call<{ entries: HistoryEntry[] }>('GET', `cells/${cell.id}/history`)).entries;
    return cell.history;
  } catch (e) {
    showError(cell, cell.t.live.loadError((e as Error).message));
    return undefined;
  }
}

/**
 * After a failed or cancelled run: the chart shows the stored results again (with the essay's
 * figures and any overlays), as the status line says they were kept.
 */
async function showStored(cell: LiveCell): Promise<void> {
  const runId = cell.runId;
  const entries = await loadHistory(cell);
  if (!entries || cell.runId !== runId || cell.facts?.state === 'running') return; // a new run took over
  const stored = entries.find((e) => e.stored);
  cell.live = false;
  if (!stored && cell.chart.overlays.length === 0) return cell.chart.clear();
  cell.chart.measured = stored?.rows ?? [];
  cell.chart.essay = stored?.reference ?? [];
  cell.chart.draw();
}

/** The status line and any error, from what the page knows of the run: one function decides. */
function showRunStatus(cell: LiveCell): void {
  if (!cell.facts) return;
  const view = runStatus({ ...cell.facts, ...(cell.storedPreset ? { storedPreset: cell.storedPreset } : {}) }, cell.lang);
  cell.status.textContent = view.text;
  if (view.alert) showError(cell, view.alert);
}

/** The notice above the rows ("Stale: …", "Not measured yet"), built as Cell.astro builds it. */
function noticeElement(cell: LiveCell, notice: NonNullable<StatusView['notice']>): HTMLElement {
  const p = el('p', { className: `am-notice am-notice-${notice.kind}` }, notice.text);
  if (notice.kind !== 'invalid') p.append(` ${cell.t.measureIt} `, el('code', { textContent: measureCommand(cell.id) }), '.');
  return p;
}

/**
 * After a Save: the runner says whether the stored results are still fresh, and the cell's
 * notice, freshness and `data-state` follow from that one answer (statusView, as at build).
 */
async function refreshStatus(cell: LiveCell): Promise<void> {
  const { cells: all } = await call<{ cells: { id: string; state: StoredState; message?: string; preset?: Preset }[] }>('GET', 'cells');
  const mine = all.find((c) => c.id === cell.id);
  if (!mine) return;
  const view = statusView(mine.state, cell.lang, mine.message);
  const old = cell.root.querySelector('.am-notice');
  const fresh = view.notice && noticeElement(cell, view.notice);
  if (old && fresh) old.replaceWith(fresh);
  else if (old) old.remove();
  else if (fresh) cell.root.querySelector('.am-rows, .am-provenance, [data-live-slot]')!.before(fresh);
  const freshness = cell.root.querySelector('.am-freshness');
  if (freshness && view.freshness) freshness.textContent = view.freshness;
  const active = cell.facts?.state === 'queued' || cell.facts?.state === 'running';
  if (!active) cell.root.dataset.state = view.state;
  cell.storedPreset = mine.preset;
  offerReplace(cell);
}

function appendLog(cell: LiveCell, text: string): void {
  cell.log.hidden = false;
  const lines = (cell.log.textContent + text + '\n').split('\n');
  cell.log.textContent = lines.slice(-200).join('\n'); // the page keeps the tail; the runner caps the rest
  cell.log.scrollTop = cell.log.scrollHeight;
}

function onRecord(cell: LiveCell, r: CellRecord): void {
  switch (r.type) {
    case 'meta':
      if (cell.facts) cell.facts.preset = r.preset;
      break;
    case 'row':
      cell.chart.measured.push(r.data);
      cell.chart.draw();
      break;
    case 'reference':
      cell.chart.essay.push(r.data);
      cell.chart.draw();
      break;
    case 'progress':
      cell.progress.hidden = false;
      cell.progress.value = r.done / r.total;
      if (cell.facts) cell.facts.progress = { done: r.done, total: r.total, ...(r.label ? { label: r.label } : {}) };
      showRunStatus(cell);
      break;
    case 'log':
      appendLog(cell, r.stream === 'stderr' ? `! ${r.text}` : r.text);
      break;
    case 'truncated':
      appendLog(cell, cell.t.live.truncated(r.stream));
      break;
    case 'error':
      // Shown when the run ends, as its final state says: an error of a cancelled run is no failure.
      if (cell.facts && !cell.facts.error) cell.facts.error = r;
      break;
    default:
      break;
  }
}

/** After a save (results or code) the server-rendered parts are fetched fresh. */
async function refreshStatic(cell: LiveCell, parts = ['.am-rows', '.am-provenance', '.am-notice']): Promise<void> {
  const html = await (await fetch(location.href)).text();
  const fresh = new DOMParser().parseFromString(html, 'text/html').querySelector<HTMLElement>(`[data-cell="${CSS.escape(cell.id)}"]`);
  if (!fresh) return;
  cell.storedPreset = (fresh.dataset.preset || undefined) as Preset | undefined;
  offerReplace(cell);
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
  const sameRun = cell.runId === e.runId && cell.facts;
  cell.runId = e.runId;
  cell.root.dataset.state = e.state;
  if (e.origin) cell.root.dataset.origin = e.origin;
  const active = e.state === 'queued' || e.state === 'running';
  cell.run.disabled = active;
  cell.cancel.hidden = !active;
  const experiment = e.origin && e.origin !== 'file';
  // A run's facts start when it is queued (or first seen) and gather its preset, progress and error.
  cell.facts = { ...(sameRun && e.state !== 'running' ? cell.facts : {}), state: e.state, ...(e.origin ? { origin: e.origin } : {}) };
  if (e.position !== undefined) cell.facts.position = e.position;
  if (e.saved !== undefined) cell.facts.saved = e.saved;
  if (e.state === 'running') {
    cell.chart.measured = [];
    cell.chart.essay = [];
    cell.live = true;
    cell.log.textContent = '';
    cell.log.hidden = true;
    showError(cell, undefined);
    cell.progress.hidden = true;
    cell.origin.hidden = !experiment;
    cell.origin.textContent = experiment ? `▸ ${t.origin[e.origin!]}` : '';
    cell.chart.draw();
  }
  if (!active) {
    cell.progress.hidden = true;
    cell.history = undefined; // the run may have added to it, or replaced the stored results
  }
  if (e.state === 'cancelled') showError(cell, undefined);
  showRunStatus(cell);
  if (e.state === 'done' && e.saved) void refreshStatic(cell);
  if ((e.state === 'error' || e.state === 'cancelled') && cell.live) void showStored(cell);
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
  const box = el(
    'div',
    { className: 'am-editor-box' },
    host,
    el('div', { className: 'am-toolbar' }, reset, save, note),
    el('p', { className: 'am-hint', textContent: t.editorHint }),
  );
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
    await refreshStatic(cell, ['.expressive-code']);
    await refreshStatus(cell);
    const staticCode = cell.root.querySelector<HTMLElement>('.expressive-code');
    if (staticCode) staticCode.hidden = !cell.editor.box.hidden;
  } catch (e) {
    note.textContent = '';
    showError(cell, cell.t.live.couldNotSave((e as Error).message));
  }
}

// ---- Parameters and history panels ---------------------------------------------------------

function togglePanel(trigger: HTMLButtonElement, panel: HTMLElement): boolean {
  const open = trigger.getAttribute('aria-expanded') !== 'true';
  trigger.setAttribute('aria-expanded', String(open));
  panel.hidden = !open;
  return open;
}

async function toggleParams(cell: LiveCell): Promise<void> {
  if (cell.params) {
    togglePanel(cell.paramsButton, cell.params.element);
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
  if (existing && cell.history && cell.panelHistory === cell.history) {
    togglePanel(cell.historyButton, existing);
    return;
  }
  const entries = await loadHistory(cell);
  if (!entries) return;
  const stored = entries.find((e) => e.stored);
  if (!cell.live && stored) {
    // Redraw from data (the page's SVG is static): our stored rows, the essay's, then overlays.
    cell.chart.measured = stored.rows;
    cell.chart.essay = stored.reference;
  }
  const panel = historyPanel(entries, cell.lang, cell.t, (overlays) => {
    cell.chart.overlays = overlays;
    cell.chart.draw();
  });
  existing?.replaceWith(panel);
  if (!existing) cell.panels.append(panel);
  cell.panelHistory = entries;
  if (cell.chart.overlays.length > 0) {
    cell.chart.overlays = []; // the new list starts unticked
    cell.chart.draw();
  }
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
