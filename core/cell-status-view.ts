/**
 * What a cell says about itself, derived in one place: from its stored status (fresh, stale,
 * unmeasured) the freshness word and notice the build renders and the live page refreshes after
 * a Save; from a run's state the status line and any error the live page shows. Pure, so both the
 * .astro component and the browser use it and tests need neither.
 */
import type { ErrorRecord, Preset, RunOrigin } from './protocol.ts';
import type { RunState, StoredState } from './api.ts';
import { isSmallerPreset } from './preset-rank.ts';
import { ui, type Lang } from './ui-strings.ts';

/** A cell's stored results as the runner reports them (`cellStatus`, `GET /cells`). */
export type { StoredState };

export interface StatusView {
  /** `data-state` while no run is shown: idle (fresh or unmeasured) or stale. */
  state: 'idle' | 'stale';
  /** The provenance line's last word ("up to date" or "stale"); absent without results. */
  freshness?: string;
  notice?: { kind: 'unmeasured' | 'invalid' | 'stale'; text: string };
}

/** The command that (re-)measures a cell, as its notice shows it. */
export function measureCommand(id: string): string {
  return `npm run bench -- ${id}`;
}

/** The one mapping from stored state to what the cell says about its results. */
export function statusView(stored: StoredState, lang: Lang = 'en', message = ''): StatusView {
  const t = ui(lang);
  switch (stored) {
    case 'unmeasured':
      return { state: 'idle', notice: { kind: 'unmeasured', text: t.notMeasured } };
    case 'invalid':
      return { state: 'idle', notice: { kind: 'invalid', text: message } };
    case 'stale':
      return { state: 'stale', freshness: t.staleShort, notice: { kind: 'stale', text: t.stale } };
    case 'measured':
      return { state: 'idle', freshness: t.upToDate };
  }
}

/** What the live page knows about a run, from its state events and records. */
export interface RunFacts {
  state: RunState;
  origin?: RunOrigin;
  /** Place in the queue while queued. */
  position?: number;
  /** The run replaced the stored results. */
  saved?: boolean;
  progress?: { done: number; total: number; label?: string };
  /** The run's preset (from its meta record) and the stored results' preset, when known. */
  preset?: Preset;
  storedPreset?: Preset;
  /** The run's first error record, if any. */
  error?: ErrorRecord;
}

export interface RunStatusView {
  /** The status line (role=status, neutral). */
  text: string;
  /** An error to show as an alert: only for a run that failed, never for a cancelled one. */
  alert?: string;
}

/** "Error (exception): boom (notebooks/ch/cell.ts:7)": an error record as the page shows it. */
export function errorText(error: ErrorRecord, lang: Lang = 'en'): string {
  const at = error.at ? ` (${error.at.file.replace(/^.*?\/notebooks\//, 'notebooks/')}:${error.at.line})` : '';
  return `${ui(lang).live.errorOf(error.kind)}: ${error.message}${at}`;
}

/**
 * The status line of a run. A cancel is told by the run's final state, never by its error text:
 * a cell killed mid-run may report its own dying words (a database's "terminating connection")
 * first, and that is still a cancel.
 */
export function runStatus(run: RunFacts, lang: Lang = 'en'): RunStatusView {
  const t = ui(lang).live;
  const experiment = run.origin !== undefined && run.origin !== 'file';
  switch (run.state) {
    case 'queued':
      return { text: t.queued(run.position) };
    case 'running': {
      const base = run.origin === 'edited-code' ? t.runningEdited : t.running;
      const p = run.progress;
      return { text: p ? `${base} · ${p.done}/${p.total}${p.label ? ` · ${p.label}` : ''}` : base };
    }
    case 'done':
      if (run.saved) return { text: t.doneSaved };
      if (experiment) return { text: t.doneExperiment };
      if (run.preset && isSmallerPreset(run.preset, run.storedPreset)) return { text: t.doneKept(run.preset, run.storedPreset!) };
      return { text: t.doneNotSaved };
    case 'cancelled':
      return { text: t.cancelled };
    case 'error':
      return { text: t.failed, ...(run.error ? { alert: errorText(run.error, lang) } : {}) };
  }
}
