/**
 * A cell's code editor: opened in place of the static code, Shift+Enter runs the edited code,
 * Reset returns to the file, Save writes it and refreshes what the page shows of it.
 */
import type { SavedAnswer } from '../../core/api.ts';
import { call } from './api.ts';
import { el } from './dom.ts';
import { refreshStatic, refreshStatus, start } from './cell-run.ts';
import { button, describe, isEdited, showError, type LiveCell } from './live-cell.ts';

function markEdited(cell: LiveCell): void {
  cell.root.dataset.edited = String(isEdited(cell));
}

export async function toggleEditor(cell: LiveCell): Promise<void> {
  const staticCode = cell.root.querySelector<HTMLElement>('.expressive-code');
  if (cell.editor) {
    const open = cell.editor.box.hidden;
    cell.editor.box.hidden = !open;
    if (staticCode) staticCode.hidden = open;
    cell.editButton.setAttribute('aria-expanded', String(open));
    cell.editButton.textContent = open ? cell.t.live.closeEditor : cell.t.live.edit;
    if (open) cell.editor.view.focus();
    return;
  }
  const description = await describe(cell);
  if (!description) return;
  const { createEditor, setDoc } = await import('./editor.ts');
  const t = cell.t.live;
  const host = el('div', { className: 'am-editor' });
  const reset = button(t.reset);
  const save = button(t.save);
  const note = el('span', { className: 'am-note' });
  note.setAttribute('role', 'status');
  const box = el(
    'div',
    { className: 'am-editor-box' },
    host,
    el('div', { className: 'am-toolbar' }, reset, save, note),
    el('p', { className: 'am-hint', textContent: t.editorHint }),
  );
  (staticCode ?? cell.root.querySelector('.am-output')!).before(box);
  if (staticCode) staticCode.hidden = true;
  const view = createEditor(host, description.source, {
    label: t.editorLabel(cell.id),
    python: cell.ownRuntime === 'cpython',
    onRun: () => void start(cell),
    onSave: () => void saveSource(cell, note),
    onChange: () => markEdited(cell),
  });
  cell.editor = { view, box, saved: description.source };
  reset.addEventListener('click', () => {
    setDoc(view, cell.editor!.saved);
    markEdited(cell);
    view.focus();
  });
  save.addEventListener('click', () => void saveSource(cell, note));
  cell.editButton.setAttribute('aria-expanded', 'true');
  cell.editButton.textContent = t.closeEditor;
  markEdited(cell);
  view.focus();
}

async function saveSource(cell: LiveCell, note: HTMLElement): Promise<void> {
  if (!cell.editor) return;
  const source = cell.editor.view.state.doc.toString();
  try {
    const r = await call<SavedAnswer>('PUT', `cells/${cell.id}/source`, { source });
    cell.editor.saved = source;
    cell.description = undefined; // parameters may have changed with the code
    note.textContent = cell.t.live.saved(r.saved);
    markEdited(cell);
    await refreshStatic(cell, ['.expressive-code']);
    await refreshStatus(cell);
    const staticCode = cell.root.querySelector<HTMLElement>('.expressive-code');
    if (staticCode) staticCode.hidden = !cell.editor.box.hidden;
  } catch (e) {
    note.textContent = '';
    showError(cell, cell.t.live.couldNotSave((e as Error).message));
  }
}
