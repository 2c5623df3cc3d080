/**
 * Turns the chart the page shows (Plot's output: an <svg>, or a <figure> with an HTML legend
 * above it) into one standalone SVG document, as a notebook's `image/svg+xml` output needs:
 * JupyterLab shows untrusted SVG through an <img>, where HTML legends and a missing xmlns fail.
 */
import { parseHTML } from 'linkedom';

const SVG_NS = 'http://www.w3.org/2000/svg';
const SWATCH = 15; // Plot's swatch size
const ROW = 22;
const FONT_SIZE = 10; // Plot's legend font size
const PAD = 12;
/** Plot lets labels run past the right edge (the page shows them); an <img> would clip them. */
const OVERFLOW_RIGHT = 72;

export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** A rough text width for laying out legend rows: wide glyphs (CJK) count double. */
function textWidth(text: string): number {
  let w = 0;
  for (const ch of text) w += /[\u1100-\uffff]/.test(ch) ? FONT_SIZE : FONT_SIZE * 0.55;
  return w;
}

interface Piece {
  width: number;
  height: number;
  /** Markup placed at (0, y) inside the document. */
  markup: (y: number) => string;
}

/** Plot's swatches legend (HTML spans) redrawn as SVG rows that wrap at the chart's width. */
function swatchesPiece(el: Element, maxWidth: number): Piece {
  const items = [...el.querySelectorAll('span')].map((s) => ({
    color: s.querySelector('svg')?.getAttribute('fill') ?? 'currentColor',
    label: (s.textContent ?? '').trim(),
  }));
  const placed: Array<{ x: number; row: number; color: string; label: string }> = [];
  let x = 0;
  let row = 0;
  for (const item of items) {
    const w = SWATCH + 6 + textWidth(item.label) + 16;
    if (x > 0 && x + w > maxWidth) (x = 0), row++;
    placed.push({ x, row, ...item });
    x += w;
  }
  const height = (row + 1) * ROW + 6;
  return {
    width: maxWidth,
    height,
    markup: (y) =>
      `<g transform="translate(${PAD},${y})" font-family="system-ui, sans-serif" font-size="${FONT_SIZE}" fill="currentColor">` +
      placed
        .map(
          (p) =>
            `<rect x="${p.x}" y="${p.row * ROW + 4}" width="${SWATCH}" height="${SWATCH}" fill="${escapeXml(p.color)}"/>` +
            `<text x="${p.x + SWATCH + 6}" y="${p.row * ROW + 4 + SWATCH / 2}" dy="0.35em">${escapeXml(p.label)}</text>`,
        )
        .join('') +
      '</g>',
  };
}

function svgPiece(svg: Element): Piece {
  const width = Number(svg.getAttribute('width')) || 688;
  const height = Number(svg.getAttribute('height')) || 400;
  return {
    width,
    height,
    markup: (y) => {
      svg.setAttribute('x', String(PAD));
      svg.setAttribute('y', String(y));
      return svg.outerHTML;
    },
  };
}

/**
 * One SVG document for a chart's HTML. A white background and black text keep it legible in a
 * dark editor theme, where the page's `currentColor` would vanish.
 */
export function standaloneSvg(html: string): string {
  const { document } = parseHTML(`<!doctype html><html><body>${html}</body></html>`);
  const top = document.body.firstElementChild;
  if (!top) throw new Error('chart markup is empty');
  const parts = top.tagName.toLowerCase() === 'svg' ? [top] : [...top.children];
  const charts = parts.filter((p) => p.tagName.toLowerCase() === 'svg');
  const width = Math.max(...charts.map((c) => Number(c.getAttribute('width')) || 0), 320);
  const pieces: Piece[] = [];
  for (const part of parts) {
    const tag = part.tagName.toLowerCase();
    if (tag === 'svg') pieces.push(svgPiece(part));
    else if (tag === 'div' && part.querySelector('span svg')) pieces.push(swatchesPiece(part, width));
    // other figure parts (Plot's title, subtitle, caption) are not produced by our chart specs
  }
  let y = PAD;
  const body = pieces.map((p) => {
    const m = p.markup(y);
    y += p.height;
    return m;
  });
  const w = PAD + width + OVERFLOW_RIGHT;
  const h = y + PAD;
  return (
    `<svg xmlns="${SVG_NS}" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}" style="color:black">` +
    `<rect width="100%" height="100%" fill="white"/>` +
    body.join('') +
    '</svg>'
  );
}
