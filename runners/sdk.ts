/**
 * The cell SDK: what a notebook cell imports to declare its parameters (with quick and full
 * presets, validated by zod) and to emit typed records. It has no side effects; the child host
 * (child.ts) supplies the context that actually writes the records.
 */
import { z } from 'zod';
import type { RowData, RunPreset } from '../core/protocol.ts';
import { summarizeTrials } from '../core/trials.ts';
import type { Preset } from './channel.ts';

export { z };

/** What a running cell can do: read its parameters and emit records. */
export interface CellContext<P> {
  params: P;
  preset: Preset;
  /** A data point for the chart; it reaches the page as soon as it is emitted. */
  row(data: RowData): void;
  /** One trial of a repeated measurement, stored with the results; see `interleaved`. */
  trial(data: RowData): void;
  /** A figure quoted from the essay, drawn beside ours and marked as the essay's. */
  reference(data: RowData): void;
  log(text: string): void;
  progress(done: number, total: number, label?: string): void;
  /** Facts about what the run used, stored in the results' provenance. */
  provenance(facts: { database?: string; loadGenerator?: string; pinned?: string }): void;
  /** A folder for throwaway files (a database's data directory...), removed when the run ends, however it ends. */
  scratchDir: string;
  /** Aborted when the run is being stopped (cancel, timeout): a chance to close servers cleanly. */
  signal: AbortSignal;
}

export interface CellDefinition<S extends z.ZodTypeAny = z.ZodTypeAny> {
  title?: string;
  params: S;
  presets: { quick: z.input<S>; full: z.input<S> };
  /** How long a run may take before the runner stops it (ms); the runner has a default. */
  timeoutMs?: number;
  run(ctx: CellContext<z.output<S>>): Promise<void> | void;
}

const CELL = Symbol.for('async-measured.cell');

/** Declares a cell; export the result as the module's default export. */
export function cell<S extends z.ZodTypeAny>(definition: CellDefinition<S>): CellDefinition<S> {
  return Object.assign(definition, { [CELL]: true });
}

/** True for a value made by `cell()`, so the host can tell SDK cells from plain scripts. */
export function isCell(value: unknown): value is CellDefinition {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[CELL] === true;
}

/**
 * The parameters a run uses: the preset's values with overrides on top, checked by the cell's
 * schema. Throws a ParamsError that names each bad field.
 */
export function resolveParams(
  definition: CellDefinition,
  preset: RunPreset,
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  const merged = { ...(definition.presets[preset] as object), ...overrides };
  const parsed = definition.params.safeParse(merged);
  if (!parsed.success) {
    const detail = parsed.error.issues.map((i) => `${i.path.join('.') || 'params'}: ${i.message}`).join('; ');
    throw new ParamsError(`invalid parameters (${preset} preset): ${detail}`);
  }
  return parsed.data as Record<string, unknown>;
}

export class ParamsError extends Error {
  override name = 'ParamsError';
}

/** What `interleaved` needs of the cell's context. */
type TrialContext = Pick<CellContext<unknown>, 'trial' | 'progress' | 'signal'>;

export interface InterleavedOptions<V> {
  /** How many times each variant is measured. */
  trials: number;
  variants: readonly V[];
  /** The fields that name a variant in its rows (server, shape...). */
  key(variant: V): RowData;
  /** One measurement: numeric measures (requests/s, ms...). */
  measure(variant: V, trial: number): Promise<Record<string, number>>;
}

/**
 * Measures every variant `trials` times, interleaved (A B C, A B C, ...) so that drift in the
 * machine hits every variant alike; emits each trial as it is measured, with progress, and returns
 * one summary row per variant (each measure's median and 95 % interval, and `trials`).
 */
export async function interleaved<V>(ctx: TrialContext, options: InterleavedOptions<V>): Promise<RowData[]> {
  const all: RowData[] = [];
  const total = options.trials * options.variants.length;
  let measures: string[] = [];
  for (let trial = 0; trial < options.trials; trial++) {
    for (const variant of options.variants) {
      if (ctx.signal.aborted) throw new Error('stopped');
      const values = await options.measure(variant, trial);
      measures = [...new Set([...measures, ...Object.keys(values)])];
      const data = { ...options.key(variant), trial, ...values };
      all.push(data);
      ctx.trial(data);
      ctx.progress(all.length, total, `trial ${trial + 1} of ${options.trials}`);
    }
  }
  const by = Object.keys(options.key(options.variants[0]!));
  return summarizeTrials(all, by, measures);
}
