/** Builds a cell's live controls into its server-rendered section and wires them. */
import type { Preset, RunPreset } from '../../core/protocol.ts';
import type { ChartSpec } from '../../core/chart-spec.ts';
import type { ChartData } from '../../core/chart-plot.ts';
import { ui, type Lang } from '../../core/ui-strings.ts';
import { REFERENCE_RUNTIME, RUNTIME_IDS, RUNTIMES } from '../../core/runtimes.ts';
import { el } from './dom.ts';
import { toggleEditor } from './cell-editor.ts';
import { toggleHistory, toggleParams } from './cell-panels.ts';
import { start, stop } from './cell-run.ts';
import { liveChart } from './live-chart.ts';
import { button, offerReplace, type LiveCell } from './live-cell.ts';

export function mount(root: HTMLElement): LiveCell {
  const id = root.dataset.cell!;
  const lang: Lang = root.dataset.lang === 'zh-cn' ? 'zh-cn' : 'en';
  const t = ui(lang);
  const slot = root.querySelector<HTMLElement>('[data-live-slot]')!;
  const run = button(t.live.run, 'am-run');
  run.setAttribute('aria-label', t.live.runCell(id));
  const cancel = el('button', { type: 'button', className: 'am-cancel', textContent: t.live.cancel, hidden: true });
  const preset = el('select', { className: 'am-preset', title: t.live.preset }, new Option('quick', 'quick'), new Option('full', 'full'));
  preset.setAttribute('aria-label', `${t.live.preset}: ${id}`);
  // What to run on: Node 20 (the results the page draws) unless the reader picks another; the
  // runner installs a runtime that is missing, and keeps each runtime's results apart.
  const runtime = el(
    'select',
    { className: 'am-runtime', title: t.live.runtime },
    ...RUNTIME_IDS.map((r) => new Option(RUNTIMES[r].label, r, r === REFERENCE_RUNTIME, r === REFERENCE_RUNTIME)),
  );
  runtime.setAttribute('aria-label', `${t.live.runtime}: ${id}`);
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
    el(
      'div',
      { className: 'am-toolbar' },
      run,
      preset,
      runtime,
      replaceLabel,
      editButton,
      paramsButton,
      historyButton,
      cancel,
      progress,
      status,
    ),
    panels,
    error,
    log,
  );
  root.querySelector('.am-output')!.before(origin);
  const spec: ChartSpec = JSON.parse(root.dataset.chart!);
  // What the build drew (every runtime, the joined cells), and the runtime of the cell's own results.
  const stored: ChartData = root.dataset.chartData ? JSON.parse(root.dataset.chartData) : { measured: [], trials: [], essay: [] };
  const ownRuntime = root.dataset.runtime || REFERENCE_RUNTIME;
  const cell: LiveCell = {
    id,
    lang,
    t,
    root,
    spec,
    chart: liveChart(root, spec, lang, t, stored, { cell: id, runtime: ownRuntime }),
    ownRuntime,
    run,
    cancel,
    preset,
    runtime,
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
    cell.params?.fill(preset.value as RunPreset);
    offerReplace(cell);
  });
  runtime.addEventListener('change', () => offerReplace(cell));
  return cell;
}
