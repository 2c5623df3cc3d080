/**
 * A cell's runs on the page: Run and Cancel, and what the runner's events do to the chart, the
 * status line, the log and the server-rendered parts (refreshed after a save).
 */
import type { CellRecord, Preset, RunPreset } from '../../core/protocol.ts';
import type { CellsAnswer, RunEvent, RunStarted } from '../../core/api.ts';
import { measureCommand, runStatus, statusView, type StatusView } from '../../core/cell-status-view.ts';
import { ApiError, call } from './api.ts';
import { REFERENCE_RUNTIME } from '../../core/runtimes.ts';
import { el } from './dom.ts';
import { isEdited, loadHistory, offerReplace, showError, type LiveCell } from './live-cell.ts';

export async function start(cell: LiveCell): Promise<void> {
  showError(cell, undefined);
  const preset = cell.preset.value as RunPreset;
  const body: Record<string, unknown> = { cell: cell.id, preset };
  if (cell.runtime.value !== REFERENCE_RUNTIME) body.runtime = cell.runtime.value;
  if (cell.params) {
    const edits = cell.params.edits(preset);
    if (edits === undefined) return; // a field holds no value: its message is shown
    if (Object.keys(edits).length) body.params = edits;
  }
  if (cell.editor && isEdited(cell)) body.source = cell.editor.view.state.doc.toString();
  // Only the reader's tick lets a smaller preset replace a larger one's results, and only once.
  if (!cell.replaceLabel.hidden && cell.replace.checked) body.replace = true;
  try {
    const r = await call<RunStarted>('POST', 'runs', body);
    cell.runId = r.runId;
    cell.replace.checked = false;
  } catch (e) {
    const issues = e instanceof ApiError ? (e.body.issues as { path: string; message: string }[] | undefined) : undefined;
    if (issues?.length && cell.params) cell.params.showIssues(issues);
    showError(cell, cell.t.live.couldNotStart((e as Error).message));
  }
}

export async function stop(cell: LiveCell): Promise<void> {
  if (!cell.runId) return;
  try {
    await call('POST', `runs/${cell.runId}/cancel`);
  } catch (e) {
    showError(cell, cell.t.live.couldNotCancel((e as Error).message));
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
  cell.chart.slot = { cell: cell.id, runtime: cell.ownRuntime };
  if (!stored && cell.chart.overlays.length === 0) return cell.chart.clear();
  cell.chart.measured = stored?.rows ?? [];
  cell.chart.trials = stored?.trials ?? [];
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
export async function refreshStatus(cell: LiveCell): Promise<void> {
  const { cells: all } = await call<CellsAnswer>('GET', 'cells');
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

export function onRecord(cell: LiveCell, r: CellRecord): void {
  switch (r.type) {
    case 'meta':
      if (cell.facts) cell.facts.preset = r.preset;
      break;
    case 'row':
      cell.chart.measured.push(r.data);
      cell.chart.draw();
      break;
    case 'trial':
      cell.chart.trials.push(r.data);
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
export async function refreshStatic(cell: LiveCell, parts = ['.am-rows', '.am-provenance', '.am-notice']): Promise<void> {
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

export function onState(cell: LiveCell, e: Extract<RunEvent, { kind: 'state' }>): void {
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
    // The run's rows replace this cell's rows on its runtime; other runtimes and joined cells stay.
    const runtime = !e.runtime || e.runtime === REFERENCE_RUNTIME ? cell.ownRuntime : e.runtime;
    cell.chart.slot = { cell: cell.id, runtime };
    cell.chart.measured = [];
    cell.chart.trials = [];
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
}
