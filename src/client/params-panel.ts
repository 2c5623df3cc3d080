/**
 * A cell's parameters as a form, built from the JSON Schema the runner derives from the cell's
 * zod schema (src/lib/params-fields.ts) and filled from the chosen preset. Values that differ from
 * the preset make the next run an experiment; bad values are refused at the field, with the
 * schema's message when the runner's check says so.
 */
import { editsOf, fieldsOf, formatField, parseField, type Field } from '../lib/params-fields.ts';
import type { RunPreset } from '../../core/protocol.ts';
import type { CellDescription } from '../../core/api.ts';
import type { LiveStrings } from '../../core/ui-strings.ts';
import { el } from './dom.ts';

export interface ParamsPanel {
  element: HTMLElement;
  /** Fill every field from a preset (when the preset changes). */
  fill(preset: RunPreset): void;
  /** The edits over the preset, or undefined when a field holds something that is not a value. */
  edits(preset: RunPreset): Record<string, unknown> | undefined;
  /** The runner's verdict: a message per field. */
  showIssues(issues: { path: string; message: string }[]): void;
}

export function paramsPanel(cellId: string, description: CellDescription, t: LiveStrings, onEdit: () => void): ParamsPanel {
  const form = el('form');
  form.className = 'am-params';
  form.noValidate = true;
  form.addEventListener('submit', (e) => e.preventDefault());
  const presets = description.presets ?? { quick: {}, full: {} };
  const fields = fieldsOf(description.schema ?? {});
  const inputs = new Map<string, { field: Field; input: HTMLInputElement | HTMLSelectElement; error: HTMLElement }>();
  const badge = el('p', { className: 'am-params-edited', hidden: true, textContent: t.paramsEdited });
  for (const field of fields) {
    const id = `am-param-${cellId.replace(/\W+/g, '-')}-${field.name}`;
    const row = el('div', { className: 'am-param' });
    const label = el('label', { htmlFor: id, textContent: field.name });
    let input: HTMLInputElement | HTMLSelectElement;
    if (field.kind === 'enum') {
      input = el('select');
      for (const o of field.options ?? []) input.append(new Option(o, o));
    } else if (field.kind === 'boolean') {
      input = el('input', { type: 'checkbox' });
    } else {
      input = el('input', { type: 'text', inputMode: field.kind === 'number' || field.kind === 'integer' ? 'decimal' : 'text' });
    }
    input.id = id;
    input.name = field.name;
    const error = el('span', { className: 'am-param-error', id: `${id}-error` });
    error.setAttribute('role', 'alert');
    input.setAttribute('aria-describedby', `${id}-error`);
    const hint = field.hint ? el('span', { className: 'am-param-hint', textContent: field.hint }) : '';
    input.addEventListener('input', () => {
      clear(field.name);
      onEdit();
    });
    row.append(label, input, hint, error);
    form.append(row);
    inputs.set(field.name, { field, input, error });
  }
  form.append(badge);

  function clear(name: string): void {
    const i = inputs.get(name)!;
    i.error.textContent = '';
    i.input.removeAttribute('aria-invalid');
  }

  function read(): { values: Record<string, unknown>; ok: boolean } {
    const values: Record<string, unknown> = {};
    let ok = true;
    for (const [name, { field, input, error }] of inputs) {
      const text = input instanceof HTMLInputElement && input.type === 'checkbox' ? String(input.checked) : input.value;
      const parsed = parseField(field, text);
      if ('error' in parsed) {
        ok = false;
        error.textContent = parsed.error;
        input.setAttribute('aria-invalid', 'true');
      } else values[name] = parsed.value;
    }
    return { values, ok };
  }

  return {
    element: form,
    fill(preset) {
      for (const [name, { field, input }] of inputs) {
        clear(name);
        const v = presets[preset][name];
        if (input instanceof HTMLInputElement && input.type === 'checkbox') input.checked = v === true;
        else input.value = formatField(field, v);
      }
      badge.hidden = true;
    },
    edits(preset) {
      const { values, ok } = read();
      if (!ok) return undefined;
      const edits = editsOf(values, presets[preset]);
      badge.hidden = Object.keys(edits).length === 0;
      return edits;
    },
    showIssues(issues) {
      for (const issue of issues) {
        const target = inputs.get(issue.path.split('.')[0]);
        if (!target) continue;
        target.error.textContent = issue.message;
        target.input.setAttribute('aria-invalid', 'true');
      }
      const first = issues.map((i) => inputs.get(i.path.split('.')[0])).find(Boolean);
      first?.input.focus();
    },
  };
}
