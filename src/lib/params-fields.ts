/**
 * A cell's parameters form, as data: one field per property of the JSON Schema the runner derives
 * from the cell's zod schema, and the conversion of what the reader typed back into values. The
 * schema's own rules (ranges, enums...) are checked by the runner with the cell's zod schema, so
 * its messages are the schema's; this module only turns text into numbers, lists and flags.
 */
export type FieldKind = 'number' | 'integer' | 'numbers' | 'enum' | 'boolean' | 'string' | 'json';

export interface Field {
  name: string;
  kind: FieldKind;
  /** For enums. */
  options?: string[];
  /** A hint shown beside the field: range, list format. */
  hint?: string;
}

type Schema = Record<string, unknown>;

function kindOf(s: Schema): Pick<Field, 'kind' | 'options'> {
  if (Array.isArray(s.enum) && s.enum.every((v) => typeof v === 'string')) return { kind: 'enum', options: s.enum as string[] };
  if (s.type === 'integer') return { kind: 'integer' };
  if (s.type === 'number') return { kind: 'number' };
  if (s.type === 'boolean') return { kind: 'boolean' };
  if (s.type === 'string') return { kind: 'string' };
  const items = s.items as Schema | undefined;
  if (s.type === 'array' && items && (items.type === 'number' || items.type === 'integer')) return { kind: 'numbers' };
  return { kind: 'json' };
}

function hintOf(s: Schema, kind: FieldKind): string | undefined {
  const lo = s.minimum ?? (s.exclusiveMinimum !== undefined ? `> ${s.exclusiveMinimum}` : undefined);
  const hi = s.maximum ?? (s.exclusiveMaximum !== undefined ? `< ${s.exclusiveMaximum}` : undefined);
  const range = [
    lo !== undefined ? (typeof lo === 'string' ? lo : `≥ ${lo}`) : '',
    hi !== undefined ? (typeof hi === 'string' ? hi : `≤ ${hi}`) : '',
  ]
    .filter(Boolean)
    .join(', ');
  if (kind === 'numbers') return 'numbers separated by commas';
  if (kind === 'json') return 'JSON';
  return range || undefined;
}

/** The form's fields, in the schema's order. */
export function fieldsOf(schema: Schema): Field[] {
  const props = (schema.properties ?? {}) as Record<string, Schema>;
  return Object.entries(props).map(([name, s]) => {
    const k = kindOf(s);
    const hint = hintOf(s, k.kind);
    return { name, ...k, ...(hint ? { hint } : {}) };
  });
}

/** How a value shows in its field. */
export function formatField(field: Field, value: unknown): string {
  if (value === undefined || value === null) return '';
  if (field.kind === 'numbers' && Array.isArray(value)) return value.join(', ');
  if (field.kind === 'json') return JSON.stringify(value);
  return String(value);
}

/** What the reader typed, as a value; or a message saying why it is not one. */
export function parseField(field: Field, text: string): { value: unknown } | { error: string } {
  const t = text.trim();
  switch (field.kind) {
    case 'number':
    case 'integer': {
      const n = Number(t);
      return t === '' || !Number.isFinite(n) ? { error: 'Expected a number' } : { value: n };
    }
    case 'numbers': {
      const parts = t === '' ? [] : t.split(/[\s,]+/).filter(Boolean);
      const values = parts.map(Number);
      return values.some((v) => !Number.isFinite(v)) ? { error: 'Expected numbers separated by commas' } : { value: values };
    }
    case 'boolean':
      return { value: t === 'true' };
    case 'json':
      try {
        return { value: JSON.parse(t) };
      } catch {
        return { error: 'Expected JSON' };
      }
    default:
      return { value: text };
  }
}

/** The values that differ from the preset's: what makes a run "with edited parameters". */
export function editsOf(values: Record<string, unknown>, preset: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(values).filter(([k, v]) => JSON.stringify(v) !== JSON.stringify(preset[k])));
}
