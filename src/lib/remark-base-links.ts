/**
 * A remark plugin that puts the site's base path in front of root-relative URLs written in
 * chapters (`[x](/chapters/databases/)`, `![d](/diagrams/a.svg)`), so a site built for a sub-path
 * (`BASE_PATH=/async-measured/`) keeps working links. Markdown links never pass through Astro's
 * own base handling, so without this they would point outside the deployed site.
 */
import { normalizeBase, withBase } from '../../core/site-settings.ts';
import type { Root } from 'mdast';

interface UrlNode {
  type: string;
  url?: string;
  name?: string | null;
  attributes?: Array<{ type: string; name?: string; value?: unknown }>;
  children?: UrlNode[];
}

// link/image carry a URL; definition is the target of reference-style links ([x][ref]).
const URL_TYPES = new Set(['link', 'image', 'definition']);
// Plain HTML written as JSX in MDX (`<a href="/...">`, `<img src="/...">`) with a literal value;
// an expression (`src={...}`) is the author's own business.
const JSX_URL_ATTRS: Record<string, string> = { a: 'href', img: 'src', source: 'src' };

/** Rewrites every link, image and definition URL in a tree, in place. Pure apart from the tree. */
export function rebaseTree(tree: UrlNode, base: string): void {
  const visit = (node: UrlNode) => {
    if (URL_TYPES.has(node.type) && typeof node.url === 'string') node.url = withBase(node.url, base);
    if ((node.type === 'mdxJsxFlowElement' || node.type === 'mdxJsxTextElement') && node.name && JSX_URL_ATTRS[node.name]) {
      for (const a of node.attributes ?? [])
        if (a.type === 'mdxJsxAttribute' && a.name === JSX_URL_ATTRS[node.name] && typeof a.value === 'string')
          a.value = withBase(a.value, base);
    }
    node.children?.forEach(visit);
  };
  visit(tree);
}

export function remarkBaseLinks(options: { base?: string } = {}) {
  const base = normalizeBase(options.base ?? process.env.BASE_PATH);
  return (tree: Root) => {
    if (base !== '/') rebaseTree(tree as unknown as UrlNode, base);
  };
}
