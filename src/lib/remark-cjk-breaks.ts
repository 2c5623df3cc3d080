/**
 * A remark plugin for Chinese prose: a line break in the source between two Chinese characters
 * (or next to full-width punctuation) joins the lines with nothing, not a space. Browsers render
 * a soft break as a space, which is right between English words and a visible gap in Chinese.
 * The rule is markdown-it-cjk-breaks', applied to text nodes (links and code are left alone).
 */
import type { Root, Text } from 'mdast';

const WIDE = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\u3000-\u303f\uff00-\uffef]/u;

/** Joins the soft line breaks of one text that touch a wide character. Pure. */
export function joinCjkBreaks(text: string, before = '', after = ''): string {
  const s = before + text + after;
  let out = '';
  for (let i = 0; i < s.length; i++) {
    if (s[i] !== '\n') {
      out += s[i];
      continue;
    }
    const left = out.trimEnd().at(-1) ?? '';
    let j = i + 1;
    while (s[j] === ' ' || s[j] === '\t') j++;
    const right = s[j] ?? '';
    if (WIDE.test(left) || WIDE.test(right)) {
      out = out.trimEnd();
      i = j - 1;
    } else out += '\n';
  }
  return out.slice(before.length, out.length - after.length);
}

interface Parent {
  children?: (Parent & Partial<Text>)[];
  type: string;
}

export function remarkCjkBreaks() {
  return (tree: Root) => {
    const visit = (node: Parent) => {
      const kids = node.children ?? [];
      kids.forEach((child, i) => {
        if (child.type === 'text' && typeof child.value === 'string' && child.value.includes('\n')) {
          // Neighbouring characters across inline nodes decide a break at a node's edge.
          const prev = kids[i - 1];
          const next = kids[i + 1];
          const edge = (n: (typeof kids)[number] | undefined, end: boolean) =>
            n && typeof n.value === 'string' ? (end ? (n.value.at(-1) ?? '') : (n.value[0] ?? '')) : '';
          child.value = joinCjkBreaks(child.value, edge(prev, true), edge(next, false));
        }
        visit(child);
      });
    };
    visit(tree as unknown as Parent);
  };
}
