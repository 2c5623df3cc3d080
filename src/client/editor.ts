/**
 * A cell's code as an editor: CodeMirror 6 with TypeScript or Python (the cell's language), coloured like the page's static code
 * (Expressive Code's Night Owl pair, light and dark, via CSS in live.css). Loaded only when the
 * reader asks to edit.
 */
import { EditorView, basicSetup } from 'codemirror';
import { keymap } from '@codemirror/view';
import { Prec } from '@codemirror/state';
import { javascript } from '@codemirror/lang-javascript';
import { python } from '@codemirror/lang-python';
import { HighlightStyle, syntaxHighlighting } from '@codemirror/language';
import { tags as t } from '@lezer/highlight';

const highlight = HighlightStyle.define([
  { tag: t.comment, class: 'am-tk-comment' },
  { tag: [t.keyword, t.modifier, t.controlKeyword, t.operatorKeyword, t.definitionKeyword, t.moduleKeyword], class: 'am-tk-keyword' },
  { tag: [t.string, t.special(t.string), t.regexp], class: 'am-tk-string' },
  { tag: [t.number], class: 'am-tk-number' },
  { tag: [t.bool, t.null, t.atom], class: 'am-tk-bool' },
  { tag: [t.function(t.variableName), t.function(t.propertyName)], class: 'am-tk-function' },
  { tag: [t.typeName, t.className, t.namespace], class: 'am-tk-type' },
  { tag: [t.propertyName], class: 'am-tk-property' },
  { tag: [t.operator, t.punctuation, t.separator, t.bracket], class: 'am-tk-punct' },
]);

export interface EditorHooks {
  label: string;
  /** The cell's language: a .py cell is Python. */
  python?: boolean;
  onRun(): void;
  onSave(): void;
  onChange(): void;
}

export function createEditor(parent: HTMLElement, doc: string, hooks: EditorHooks): EditorView {
  const keys = Prec.highest(
    keymap.of([
      { key: 'Shift-Enter', run: () => (hooks.onRun(), true) },
      { key: 'Mod-s', run: () => (hooks.onSave(), true), preventDefault: true },
    ]),
  );
  return new EditorView({
    parent,
    doc,
    extensions: [
      keys,
      basicSetup,
      hooks.python ? python() : javascript({ typescript: true }),
      syntaxHighlighting(highlight),
      EditorView.lineWrapping,
      EditorView.contentAttributes.of({ 'aria-label': hooks.label }),
      EditorView.updateListener.of((u) => u.docChanged && hooks.onChange()),
    ],
  });
}

export function setDoc(view: EditorView, doc: string): void {
  view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: doc } });
}
