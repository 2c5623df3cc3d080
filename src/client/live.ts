/**
 * The live notebook in the browser, loaded only by the local runner's site (never by the static
 * build): on every cell Run / preset / Cancel, an editor for its code (Shift+Enter runs the
 * edited code, Save writes the file), a parameters form, the history of its runs overlaid on the
 * chart; Run all for the chapter. Records stream over Server-Sent Events and the chart is redrawn
 * with Plot as rows arrive. A reloaded page gets the current run replayed and carries on live.
 * Authentication rides on the runner's HttpOnly cookie.
 */
import { RunEvent } from '../../core/api.ts';
import { API } from './api.ts';
import { onRecord, onState } from './cell-run.ts';
import { showError, type LiveCell } from './live-cell.ts';
import { mount } from './mount.ts';
import { runAllBar, type RunAllBar } from './run-all.ts';
import '../styles/live.css';

const cells = new Map<string, LiveCell>();
let runAll: RunAllBar | undefined;

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
    if (e.kind === 'state') {
      onState(cell, e);
      runAll?.onState(e);
    } else onRecord(cell, e.record);
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
