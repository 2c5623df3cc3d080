/**
 * Type-checks a cell (and the local modules it imports) before it runs, since tsx only strips
 * types. A check costs about a second, so a clean result is remembered by the cell's source hash
 * (.runs/typecheck.json) and an unchanged cell is never checked twice.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { SourceHash } from '../core/protocol.ts';

export interface TypeError {
  kind: 'syntax' | 'type';
  file: string;
  line: number;
  column: number;
  message: string;
}

const CACHE = '.runs/typecheck.json';
const MAX_REMEMBERED = 500;

function readCache(root: string): string[] {
  try {
    const parsed = JSON.parse(readFileSync(join(root, CACHE), 'utf8'));
    return Array.isArray(parsed) ? parsed.filter((x) => typeof x === 'string') : [];
  } catch {
    return []; // no cache yet, or a damaged one: check again
  }
}

function remember(root: string, hash: string): void {
  const file = join(root, CACHE);
  const hashes = [hash, ...readCache(root).filter((h) => h !== hash)].slice(0, MAX_REMEMBERED);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(hashes));
}

let program: import('typescript').Program | undefined; // reused: library files are parsed once

/** Type errors in the cell's own files (not in packages), or [] when it checks clean. */
export async function typecheckCell(root: string, file: string, hash: SourceHash): Promise<TypeError[]> {
  if (!/\.m?ts$/.test(file)) return []; // a Python cell: CPython reports its own syntax errors, at the .py line
  if (readCache(root).includes(hash.value)) return [];
  const ts = (await import('typescript')).default;
  const configPath = join(root, 'tsconfig.json');
  const config = existsSync(configPath)
    ? ts.parseJsonConfigFileContent(ts.readConfigFile(configPath, ts.sys.readFile).config, ts.sys, root)
    : undefined;
  const options = config?.options ?? {
    strict: true,
    module: ts.ModuleKind.ESNext,
    target: ts.ScriptTarget.ES2022,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    allowImportingTsExtensions: true,
  };
  // The project's own declaration files (types for packages that ship none) apply to every cell.
  const declarations = (config?.fileNames ?? []).filter((f) => f.endsWith('.d.ts') && !/\/(node_modules|\.astro)\//.test(f));
  program = ts.createProgram({ rootNames: [file, ...declarations], options: { ...options, noEmit: true }, oldProgram: program });
  const own = new Set(hash.inputs.map((p) => join(root, p)));
  const errors: TypeError[] = [];
  for (const source of program.getSourceFiles()) {
    if (!own.has(source.fileName)) continue;
    const syntax = program.getSyntacticDiagnostics(source);
    const diagnostics = syntax.length > 0 ? syntax : program.getSemanticDiagnostics(source);
    for (const d of diagnostics) {
      if (d.category !== ts.DiagnosticCategory.Error || d.start === undefined) continue;
      const { line, character } = source.getLineAndCharacterOfPosition(d.start);
      errors.push({
        kind: syntax.length > 0 ? 'syntax' : 'type',
        file: source.fileName,
        line: line + 1,
        column: character + 1,
        message: ts.flattenDiagnosticMessageText(d.messageText, '\n'),
      });
    }
  }
  if (errors.length === 0) remember(root, hash.value);
  return errors;
}
