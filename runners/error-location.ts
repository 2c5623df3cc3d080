/**
 * Finds where an error points in the user's own code, so a failing cell is reported at its
 * TypeScript file and line rather than somewhere inside the runner or a library.
 */

export interface Location {
  file: string;
  line: number;
  column?: number;
}

// "/abs/x.ts:3:9" or "file:///abs/x.ts:3:9", possibly inside "at f (...)".
const FRAME = /(?:file:\/\/)?(\/[^\s():]+\.[cm]?[jt]sx?):(\d+)(?::(\d+))?/g;

/** True for frames in code a cell author did not write (the runner itself, libraries, Node). */
function isPlumbing(file: string, runnerDir: string): boolean {
  return file.includes('/node_modules/') || file.startsWith(runnerDir) || file.startsWith('node:');
}

/**
 * The first location in `text` (a stack or an esbuild message) that is in user code, preferring
 * the cell file itself when it appears.
 */
export function locateError(text: string, cellFile: string, runnerDir: string): Location | undefined {
  const found: Location[] = [];
  for (const m of text.matchAll(FRAME)) {
    const file = m[1];
    if (isPlumbing(file, runnerDir)) continue;
    found.push({ file, line: Number(m[2]), ...(m[3] ? { column: Number(m[3]) } : {}) });
  }
  return found.find((l) => l.file === cellFile) ?? found[0];
}

/** esbuild's "Transform failed" wording marks a cell that does not compile. */
export function isSyntaxError(error: unknown): boolean {
  const message = error instanceof Error ? error.message : String(error);
  return /^Transform failed with \d+ error/.test(message) || error instanceof SyntaxError;
}

/** The first useful line of an esbuild error: "x.ts:1:10: ERROR: Unexpected ;" → "Unexpected ;". */
export function cleanMessage(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const esbuild = /:\d+:\d+: ERROR: (.*)/.exec(message);
  return esbuild ? esbuild[1] : message;
}
