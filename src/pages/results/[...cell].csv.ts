// Each measured cell's rows as CSV beside its JSON (public/results/<chapter>/<cell>.json).
import type { APIRoute, GetStaticPaths } from 'astro';
import { fileURLToPath } from 'node:url';
import { listCells } from '../../../store/cells-fs.ts';
import { readResults } from '../../../store/results-fs.ts';
import { resultsCsv } from '../../lib/results-csv.ts';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url)).replace(/\/$/, '');

export const getStaticPaths = (() =>
  listCells(ROOT).flatMap((c) => {
    const read = readResults(ROOT, c.id);
    return read.state === 'ok' ? [{ params: { cell: c.id }, props: { csv: resultsCsv(read.results) } }] : [];
  })) satisfies GetStaticPaths;

export const GET: APIRoute = ({ props }) =>
  new Response((props as { csv: string }).csv, { headers: { 'content-type': 'text/csv; charset=utf-8' } });
