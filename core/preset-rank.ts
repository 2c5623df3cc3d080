/**
 * Which results may replace which: a full run's results are worth more than a quick run's, so
 * stored results of a larger preset are never replaced by a smaller one unless the user chose it.
 * Pure and isomorphic: the runner applies the rule, the notebook page asks before breaking it.
 */
import type { Preset } from './protocol.ts';

// `custom` (a plain script, or edited parameters) has no size: it neither outranks nor is outranked.
const SIZE: Partial<Record<Preset, number>> = { quick: 1, full: 2 };

/** True when a run with preset `run` would replace stored results of a larger preset. */
export function isSmallerPreset(run: Preset, stored: Preset | undefined): boolean {
  const a = SIZE[run];
  const b = stored === undefined ? undefined : SIZE[stored];
  return a !== undefined && b !== undefined && a < b;
}
