/**
 * Paths the runner touches on a request's behalf stay inside the folder they belong to: `..`,
 * absolute paths and symbolic links out of it are refused.
 */
import { realpathSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { UserError } from '../core/errors.ts';

function isInside(base: string, path: string): boolean {
  const rel = relative(base, path);
  return rel === '' || (!rel.startsWith('..' + sep) && rel !== '..' && !isAbsolute(rel));
}

/** The real path of an existing ancestor of `path` (the file itself may not exist yet). */
function realOfNearest(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    const parent = dirname(path);
    return parent === path ? path : resolve(realOfNearest(parent), relative(parent, path));
  }
}

/** Resolves `rel` under `base`, refusing anything that ends up outside it. */
export function resolveInside(base: string, rel: string): string {
  const path = resolve(base, rel);
  const realBase = realOfNearest(base);
  if (isAbsolute(rel) || !isInside(base, path) || !isInside(realBase, realOfNearest(path)))
    throw new UserError(`refused: "${rel}" is outside ${base}`, 'the runner reads and writes only inside the project folders');
  return path;
}
