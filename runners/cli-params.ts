/**
 * `npm run bench -- <cell> --param key=value`: parameters given on the command line over the
 * chosen preset's, for a smaller (or other) run than a preset — tests use it to run a chapter's
 * cell with fewer points. Pure: the option's words become overrides here, and the cell's own
 * schema's verdict (asked of a child that loads the cell, runners/describe-fs.ts) becomes one
 * message that names the cell, the key and what the key expects. A run with overrides is an
 * experiment (origin edited-params): kept in the history, never a chapter's results.
 */
import { UserError } from '../core/errors.ts';
import type { ParamsDescription, ParamsIssue } from './describe.ts';

const HINT = 'npm run bench -- <cell> --param key=value (the value is read as JSON when it parses: 3, true, [1,8], "a b")';

/** One `key=value`: the value as JSON when it parses as JSON, else as the string it is. */
export function parseParam(text: string): [string, unknown] {
  const at = text.indexOf('=');
  const key = at < 0 ? text : text.slice(0, at).trim();
  if (at < 0 || key === '') throw new UserError(`--param ${JSON.stringify(text)} is not key=value`, HINT);
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) throw new UserError(`--param ${JSON.stringify(text)}: "${key}" is not a parameter name`, HINT);
  const raw = text.slice(at + 1);
  try {
    return [key, JSON.parse(raw)];
  } catch {
    return [key, raw];
  }
}

/** Every `--param` given (repeatable), as overrides; a key given twice is refused rather than guessed. */
export function parseParams(values: readonly string[] | undefined): Record<string, unknown> {
  const params: Record<string, unknown> = {};
  for (const text of values ?? []) {
    const [key, value] = parseParam(text);
    if (Object.hasOwn(params, key)) throw new UserError(`--param ${key} is given twice`, 'give each parameter once');
    params[key] = value;
  }
  return params;
}

type PropertySchema = {
  type?: unknown;
  minimum?: unknown;
  maximum?: unknown;
  exclusiveMinimum?: unknown;
  exclusiveMaximum?: unknown;
  enum?: unknown;
  items?: unknown;
};

/** What a parameter's JSON Schema (zod-to-json-schema's, or the Python SDK's) accepts, in a few words. */
export function expects(schema: PropertySchema | undefined): string {
  if (!schema || typeof schema !== 'object') return 'any value';
  if (Array.isArray(schema.enum)) return `one of ${schema.enum.map((v) => JSON.stringify(v)).join(', ')}`;
  const types = Array.isArray(schema.type) ? schema.type.join(' or ') : typeof schema.type === 'string' ? schema.type : 'a value';
  let words =
    types === 'array'
      ? `an array of ${expects(schema.items as PropertySchema | undefined)}`
      : types === 'integer'
        ? 'an integer'
        : `a ${types}`;
  if (typeof schema.minimum === 'number') words += ` ≥ ${schema.minimum}`;
  if (typeof schema.exclusiveMinimum === 'number') words += ` > ${schema.exclusiveMinimum}`;
  if (typeof schema.maximum === 'number') words += ` ≤ ${schema.maximum}`;
  if (typeof schema.exclusiveMaximum === 'number') words += ` < ${schema.exclusiveMaximum}`;
  return words;
}

const properties = (d: ParamsDescription) => (d.schema.properties ?? undefined) as Record<string, PropertySchema> | undefined;

/** Keys the cell does not have (zod drops unknown keys silently, so they are caught here, before the schema's check). */
export function unknownKeys(
  cellLabel: string,
  description: ParamsDescription | undefined,
  params: Record<string, unknown>,
): UserError | undefined {
  if (!description) {
    return new UserError(`${cellLabel} is a plain script: it has no parameters to set with --param`, 'drop --param for this cell');
  }
  const props = properties(description);
  if (!props) return undefined;
  const known = Object.keys(props);
  const unknown = Object.keys(params).filter((k) => !Object.hasOwn(props, k));
  if (unknown.length === 0) return undefined;
  return new UserError(
    `${cellLabel} has no parameter ${unknown.map((k) => `"${k}"`).join(', ')}`,
    `its parameters: ${known.map((k) => `${k} (${expects(props[k])})`).join(', ')}`,
  );
}

/** The schema's issues as one error naming the cell, each key, what it was given and what it expects. */
export function paramsRefused(
  cellLabel: string,
  description: ParamsDescription,
  preset: 'quick' | 'full',
  params: Record<string, unknown>,
  issues: readonly ParamsIssue[],
): UserError | undefined {
  if (issues.length === 0) return undefined;
  const props = properties(description) ?? {};
  const lines = issues.map((i) => {
    const key = i.path.split('.')[0] ?? '';
    const given = Object.hasOwn(params, key) ? ` (given ${JSON.stringify(params[key])})` : ` (the ${preset} preset's value)`;
    const wants = key && props[key] ? `; it expects ${expects(props[key])}` : '';
    return `${i.path || 'params'}${key ? given : ''}: ${i.message}${wants}`;
  });
  return new UserError(
    `${cellLabel}: --param refused by the cell's parameters: ${lines.join('; ')}`,
    `the ${preset} preset's values: ${JSON.stringify(description.presets[preset])}`,
  );
}
