/**
 * Child process that imports one cell and reports its parameters (or checks edited values)
 * without running it, so the runner's own process never loads cell code. Usage:
 *   describe-cell.ts <file>                          → description
 *   describe-cell.ts <file> --check <preset> <json>  → issues
 * The answer is the last stdout line starting with the marker; anything the module prints is ignored.
 */
import { pathToFileURL } from 'node:url';
import { isCell } from '../sdk.ts';
import { checkParams, describeParams, DESCRIBE_MARKER } from '../describe.ts';

const [file, flag, preset, json] = process.argv.slice(2);
const answer = (value: unknown) => process.stdout.write(`\n${DESCRIBE_MARKER}${JSON.stringify(value)}\n`, () => process.exit(0));

try {
  const mod = (await import(pathToFileURL(file).href)) as { default?: unknown };
  if (!isCell(mod.default)) answer({ plain: true });
  else if (flag === '--check') answer({ issues: checkParams(mod.default, preset === 'full' ? 'full' : 'quick', JSON.parse(json ?? '{}')) });
  else answer({ description: describeParams(mod.default) });
} catch (error) {
  answer({ error: error instanceof Error ? error.message : String(error) });
}
