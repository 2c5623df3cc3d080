/**
 * The live notebook in the browser, loaded only by the local runner's site (never by the static
 * build): a Run control on every cell, records streamed over Server-Sent Events, and the chart
 * re-rendered with Plot as each row arrives. Authentication rides on the runner's HttpOnly cookie.
 */
import * as Plot from '@observablehq/plot';
import { RunEvent, type CellRecord, type RowData } from '../../runners/protocol.ts';
import { plotOptions, type ChartSpec, type PlotLike } from '../lib/chart-spec.ts';

const API = '/__runner/api/';

interface LiveCell {
  id: string;
  root: HTMLElement;
  spec: ChartSpec;
  chart: HTMLElement;
  run: HTMLButtonElement;
  cancel: HTMLButtonElement;
  preset: HTMLSelectElement;
  status: HTMLElement;
  progress: HTMLProgressElement;
  error: HTMLElement;
  log: HTMLPreElement;
  runId?: string;
  measured: RowData[];
  essay: RowData[];
  drawPending: boolean;
}

const cells = new Map<string, LiveCell>();

function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: Record<string, unknown> = {}, ...children: Node[]): HTMLElementTagNameMap[K] {
  const node: HTMLElementTagNameMap[K] = document.createElement(tag);
  Object.assign(node, props);
  node.append(...children);
  return node;
}

function mount(root: HTMLElement): LiveCell {
  const id = root.dataset.cell!;
  const slot = root.querySelector<HTMLElement>('[data-live-slot]')!;
  const run = el('button', { type: 'button', className: 'am-run', textContent: 'Run' });
  const cancel = el('button', { type: 'button', className: 'am-cancel', textContent: 'Cancel', hidden: true });
  const preset = el('select', { className: 'am-preset', title: 'Preset' }, el('option', { value: 'quick', textContent: 'quick' }), el('option', { value: 'full', textContent: 'full' }));
  preset.setAttribute('aria-label', `Preset for ${id}`);
  run.setAttribute('aria-label', `Run ${id}`);
  const status = el('span', { className: 'am-status' });
  status.setAttribute('role', 'status');
  const progress = el('progress', { className: 'am-progress', max: 1, value: 0, hidden: true });
  const error = el('div', { className: 'am-error', hidden: true });
  error.setAttribute('role', 'alert');
  const log = el('pre', { className: 'am-log', hidden: true });
  slot.append(el('div', { className: 'am-toolbar' }, run, preset, cancel, progress, status), error, log);
  const cell: LiveCell = {
    id,
    root,
    spec: JSON.parse(root.dataset.chart!),
    chart: root.querySelector<HTMLElement>('.am-chart')!,
    run,
    cancel,
    preset,
    status,
    progress,
    error,
    log,
    measured: [],
    essay: [],
    drawPending: false,
  };
  run.addEventListener('click', () => void start(cell));
  cancel.addEventListener('click', () => void stop(cell));
  return cell;
}

async function post(path: string, body?: unknown): Promise<Record<string, unknown>> {
  const res = await fetch(API + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = (await res.json().catch(() => ({}))) as Record<string, unknown>;
  if (!res.ok) throw new Error(String(json.error ?? `${res.status} ${res.statusText}`));
  return json;
}

async function start(cell: LiveCell): Promise<void> {
  showError(cell, undefined);
  try {
    const r = await post('runs', { cell: cell.id, preset: cell.preset.value });
    cell.runId = String(r.runId);
  } catch (e) {
    showError(cell, `Could not start the run: ${(e as Error).message}`);
  }
}

async function stop(cell: LiveCell): Promise<void> {
  if (!cell.runId) return;
  try {
    await post(`runs/${cell.runId}/cancel`);
  } catch (e) {
    showError(cell, `Could not cancel: ${(e as Error).message}`);
  }
}

function showError(cell: LiveCell, text: string | undefined): void {
  cell.error.hidden = !text;
  cell.error.textContent = text ?? '';
}

function draw(cell: LiveCell): void {
  if (cell.drawPending) return;
  cell.drawPending = true;
  requestAnimationFrame(() => {
    cell.drawPending = false;
    const width = Math.max(320, Math.min(cell.chart.clientWidth || 688, 900));
    const figure = Plot.plot(plotOptions(Plot as unknown as PlotLike, cell.spec, { measured: cell.measured, essay: cell.essay }, { width, lang: cell.root.dataset.lang === 'zh-cn' ? 'zh-cn' : 'en' }));
    cell.chart.replaceChildren(figure);
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
      cell.status.textContent = `running · ${r.done}/${r.total}${r.label ? ` · ${r.label}` : ''}`;
      break;
    case 'log':
      appendLog(cell, r.stream === 'stderr' ? `! ${r.text}` : r.text);
      break;
    case 'truncated':
      appendLog(cell, `… output truncated (${r.stream} over the runner's cap)`);
      break;
    case 'error': {
      const at = r.at ? ` (${r.at.file.replace(/^.*?\/notebooks\//, 'notebooks/')}:${r.at.line})` : '';
      showError(cell, `${r.kind === 'cancelled' ? 'Cancelled' : `Error (${r.kind})`}: ${r.message}${at}`);
      break;
    }
    default:
      break;
  }
}

/** After a saved run the server-rendered parts (table, provenance, notices) are fetched fresh. */
async function refreshStatic(cell: LiveCell): Promise<void> {
  const html = await (await fetch(location.href)).text();
  const fresh = new DOMParser().parseFromString(html, 'text/html').querySelector<HTMLElement>(`[data-cell="${CSS.escape(cell.id)}"]`);
  if (!fresh) return;
  for (const sel of ['.am-rows', '.am-provenance', '.am-notice']) {
    cell.root.querySelectorAll(sel).forEach((n) => n.remove());
    const replacement = fresh.querySelector(sel);
    if (replacement) cell.root.querySelector('[data-live-slot]')!.before(replacement);
  }
}

function onState(cell: LiveCell, e: Extract<RunEvent, { kind: 'state' }>): void {
  cell.runId = e.runId;
  cell.root.dataset.state = e.state;
  const active = e.state === 'queued' || e.state === 'running';
  cell.run.disabled = active;
  cell.cancel.hidden = !active;
  if (e.state === 'queued') cell.status.textContent = `queued · position ${e.position ?? '?'}`;
  if (e.state === 'running') {
    cell.measured = [];
    cell.essay = [];
    cell.log.textContent = '';
    cell.log.hidden = true;
    showError(cell, undefined);
    cell.progress.hidden = true;
    cell.status.textContent = 'running';
    draw(cell);
  }
  if (!active) cell.progress.hidden = true;
  if (e.state === 'done') {
    cell.status.textContent = e.saved ? 'done · results saved' : 'done · not saved';
    if (e.saved) void refreshStatic(cell);
  }
  if (e.state === 'error') cell.status.textContent = 'failed · stored results kept';
  if (e.state === 'cancelled') cell.status.textContent = 'cancelled · stored results kept';
}

function connect(): void {
  const source = new EventSource(API + 'events');
  source.onmessage = (message) => {
    const parsed = RunEvent.safeParse(JSON.parse(message.data));
    if (!parsed.success) return;
    const e = parsed.data;
    const cell = cells.get(e.cell);
    if (!cell) return;
    if (e.kind === 'state') onState(cell, e);
    else onRecord(cell, e.record);
  };
  source.onerror = () => {
    for (const c of cells.values()) if (c.root.dataset.state === 'running') c.status.textContent = 'reconnecting to the runner…';
  };
}

function init(): void {
  document.documentElement.dataset.runner = 'live';
  for (const root of document.querySelectorAll<HTMLElement>('section.am-cell[data-cell]')) {
    const cell = mount(root);
    cells.set(cell.id, cell);
  }
  if (cells.size > 0) connect();
}

init();
