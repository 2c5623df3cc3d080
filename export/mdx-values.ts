/**
 * The plain values inside a chapter's MDX, read without evaluating anything: its front matter
 * (YAML) and the literal expressions of JSX attributes (`chart={{…}}`, `where={{…}}`). Pure.
 */
import yaml from 'js-yaml';
import type { Node as EsNode } from 'estree';

// ---- front matter ----------------------------------------------------------------------------

const FRONT_MATTER = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?/;

export function splitFrontMatter(text: string): { data: Record<string, unknown>; body: string } {
  const m = FRONT_MATTER.exec(text);
  if (!m) return { data: {}, body: text };
  const data = yaml.load(m[1]);
  return { data: data && typeof data === 'object' ? (data as Record<string, unknown>) : {}, body: text.slice(m[0].length) };
}

// ---- JSX attribute values --------------------------------------------------------------------

/**
 * The value of a literal JS expression (objects, arrays, strings, numbers, booleans, null):
 * what `chart={{…}}` holds. Anything computed is refused rather than evaluated.
 */
export function literalValue(node: EsNode, where: string): unknown {
  switch (node.type) {
    case 'Literal':
      if ('regex' in node || typeof node.value === 'bigint') break;
      return node.value;
    case 'ArrayExpression':
      return node.elements.map((e) => {
        if (!e || e.type === 'SpreadElement') throw new Error(`${where}: holes and spreads are not literal values`);
        return literalValue(e, where);
      });
    case 'ObjectExpression': {
      const out: Record<string, unknown> = {};
      for (const p of node.properties) {
        if (p.type !== 'Property' || p.computed || p.kind !== 'init' || p.method)
          throw new Error(`${where}: only plain properties are literal values`);
        const key = p.key.type === 'Identifier' ? p.key.name : p.key.type === 'Literal' ? String(p.key.value) : undefined;
        if (key === undefined) throw new Error(`${where}: unsupported property key`);
        out[key] = literalValue(p.value as EsNode, where);
      }
      return out;
    }
    case 'UnaryExpression':
      if ((node.operator === '-' || node.operator === '+') && node.argument.type === 'Literal' && typeof node.argument.value === 'number')
        return node.operator === '-' ? -node.argument.value : node.argument.value;
      break;
    case 'TemplateLiteral':
      if (node.expressions.length === 0) return node.quasis[0].value.cooked;
      break;
    case 'Identifier':
      if (node.name === 'undefined') return undefined;
      break;
  }
  throw new Error(`${where}: not a literal value (${node.type}); the export reads attributes without running code`);
}
