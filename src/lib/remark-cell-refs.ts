/**
 * A remark plugin that checks every <Cell id="..."/> in a chapter before anything renders: a
 * reference to a cell that does not exist fails the build at the chapter's file and line.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import type { Root } from 'mdast';
import type { VFile } from 'vfile';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

interface JsxNode {
  type: string;
  name?: string | null;
  attributes?: Array<{ type: string; name?: string; value?: unknown }>;
  children?: JsxNode[];
  position?: { start: { line: number; column: number } };
}

/** Cell ids referenced by a chapter, with where each reference stands. Pure. */
export function cellRefs(tree: JsxNode): Array<{ id: string | undefined; node: JsxNode }> {
  const found: Array<{ id: string | undefined; node: JsxNode }> = [];
  const visit = (node: JsxNode) => {
    if ((node.type === 'mdxJsxFlowElement' || node.type === 'mdxJsxTextElement') && node.name === 'Cell') {
      const id = node.attributes?.find((a) => a.type === 'mdxJsxAttribute' && a.name === 'id')?.value;
      found.push({ id: typeof id === 'string' ? id : undefined, node });
    }
    node.children?.forEach(visit);
  };
  visit(tree);
  return found;
}

export function remarkCellRefs(options: { root?: string } = {}) {
  const root = options.root ?? ROOT;
  return (tree: Root, file: VFile) => {
    for (const { id, node } of cellRefs(tree as unknown as JsxNode)) {
      if (!id) {
        file.fail('<Cell> needs a literal id="chapter/cell" attribute', node as never);
      } else if (!['.ts', '.py'].some((ext) => existsSync(join(root, 'notebooks', `${id}${ext}`)))) {
        file.fail(
          `<Cell id="${id}">: no such cell; notebooks/${id}.ts (or .py) does not exist. Fix the id, or create the cell file.`,
          node as never,
        );
      }
    }
  };
}
