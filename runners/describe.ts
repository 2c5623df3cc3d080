/**
 * What the notebook page needs to know about a cell's parameters, from its `cell()` definition:
 * the zod schema as JSON Schema (the page builds its form from it) and the presets' values; and
 * the schema's own verdict on edited values, field by field. Pure: no files, no processes.
 */
import type { RunPreset } from '../core/protocol.ts';
import { zodToJsonSchema } from 'zod-to-json-schema';
import type { CellDefinition } from './sdk.ts';

/** Starts the describing child's answer line on stdout (runners/bin/describe-cell.ts → describe-fs.ts). */
export const DESCRIBE_MARKER = '@@async-measured-describe ';

export interface ParamsDescription {
  title?: string;
  schema: Record<string, unknown>;
  presets: { quick: Record<string, unknown>; full: Record<string, unknown> };
}

export interface ParamsIssue {
  /** The field at fault ('' for the whole object). */
  path: string;
  message: string;
}

export function describeParams(definition: CellDefinition): ParamsDescription {
  const schema = zodToJsonSchema(definition.params, { target: 'jsonSchema7', $refStrategy: 'none' }) as Record<string, unknown>;
  delete schema.$schema;
  return {
    ...(definition.title ? { title: definition.title } : {}),
    schema,
    presets: { quick: { ...(definition.presets.quick as object) }, full: { ...(definition.presets.full as object) } },
  };
}

/** The preset's values with the edits on top, as the schema sees them: issues, or none. */
export function checkParams(definition: CellDefinition, preset: RunPreset, edits: Record<string, unknown>): ParamsIssue[] {
  const parsed = definition.params.safeParse({ ...(definition.presets[preset] as object), ...edits });
  return parsed.success ? [] : parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
}
