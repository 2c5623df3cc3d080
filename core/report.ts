/** Pure text formatting for the CLI: durations, progress lines and the summary table. */

/** 950 ms, 12.3 s, 4 min 05 s. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
}

/** A fixed-width text table; columns are as wide as their widest cell. */
export function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (c ?? '').padEnd(widths[i]))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

export interface ProgressState {
  index: number; // 0-based position of the running cell
  count: number;
  cellLabel: string;
  done?: number;
  total?: number;
  label?: string;
  rows: number;
  elapsedMs: number;
  /** Estimated time left for everything, when earlier runs tell us. */
  etaMs?: number;
}

/** One status line: "[1/3] chapter/cell ██████░░░░ 3/6 plain call · 4 rows · 1.2 s · ~20 s left". */
export function progressLine(p: ProgressState, barWidth = 16): string {
  const parts = [`[${p.index + 1}/${p.count}] ${p.cellLabel}`];
  if (p.total) {
    const frac = Math.min(1, (p.done ?? 0) / p.total);
    const filled = Math.round(frac * barWidth);
    parts.push(`${'█'.repeat(filled)}${'░'.repeat(barWidth - filled)} ${p.done}/${p.total}${p.label ? ` ${p.label}` : ''}`);
  }
  parts.push(`${p.rows} rows`, formatDuration(p.elapsedMs));
  if (p.etaMs !== undefined) parts.push(`~${formatDuration(p.etaMs)} left`);
  return parts.join(' · ');
}

/** One listed results file: whether it is stale, and how long its stored run took (none: never measured). */
export interface TimedEntry {
  stale: boolean;
  durationMs?: number;
}

/**
 * Pure: what re-measuring would take, from each stored run's own duration on this machine:
 * "Measuring all 34 took 35 min 27 s (each results file's own run); the 12 stale ones: about
 * 14 min 10 s." Entries never measured have no duration and are counted apart.
 */
export function regenerationEstimate(entries: TimedEntry[]): string {
  const sum = (xs: TimedEntry[]) => xs.reduce((a, e) => a + (e.durationMs ?? 0), 0);
  const timed = entries.filter((e) => e.durationMs !== undefined);
  const untimed = entries.length - timed.length;
  const stale = timed.filter((e) => e.stale);
  const parts = [`Measuring the ${timed.length} listed with results took ${formatDuration(sum(timed))} (each results file's own run)`];
  if (stale.length) parts.push(`the ${stale.length} stale: about ${formatDuration(sum(stale))}`);
  if (untimed) parts.push(`${untimed} never measured, not counted`);
  return `${parts.join('; ')}.`;
}
