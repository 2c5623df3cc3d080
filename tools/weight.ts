/**
 * `npm run weight [dist]`: what every built page costs a reader (gzip): HTML, eager JavaScript,
 * CSS, images. Flags pages over the eager-JS budget and exits 1 if any is. Build first
 * (`npm run build`); it reads dist/ as it is, whatever base path it was built for.
 */
import { existsSync } from 'node:fs';
import { JS_BUDGET, weighSite } from './page-weight.ts';
import { table } from '../core/report.ts';

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

const dist = process.argv[2] ?? 'dist';
if (!existsSync(`${dist}/index.html`)) {
  process.stderr.write(`weight: ${dist}/index.html not found; run npm run build first\n`);
  process.exit(2);
}
const { base, pages } = weighSite(dist);
const rows = pages.map((p) => [
  p.page,
  kb(p.html),
  kb(p.js),
  kb(p.css),
  kb(p.images),
  kb(p.html + p.js + p.css + p.images),
  p.overBudget ? 'OVER' : 'ok',
]);
process.stdout.write(`${pages.length} pages in ${dist} (base ${base}), gzip sizes; eager JS budget ${kb(JS_BUDGET)} per page\n\n`);
process.stdout.write(table(['page', 'HTML', 'eager JS', 'CSS', 'images', 'total', 'JS budget'], rows) + '\n');
const over = pages.filter((p) => p.overBudget);
if (over.length) {
  process.stderr.write(
    `\n${over.length} page(s) load more than ${kb(JS_BUDGET)} of JavaScript eagerly: ${over.map((p) => p.page).join(', ')}\n`,
  );
  process.exit(1);
}
