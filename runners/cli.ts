/**
 * How every CLI entry point (bench, export) ends: its exit code, or one message a person can act
 * on — a UserError with its hint, a mistyped option with where to find the options, anything else
 * as a bug to report, with its stack.
 */
import { formatUserError, UserError } from '../core/errors.ts';

/** Pure: what a CLI prints and returns for an error that ended it. */
export function cliFailure(name: string, error: unknown): { text: string; code: number } {
  if (error instanceof UserError) return { text: `${name}: ${formatUserError(error)}\n`, code: error.exitCode };
  const e = error as { code?: unknown; message?: string; stack?: string } | undefined;
  if (typeof e?.code === 'string' && e.code.startsWith('ERR_PARSE_ARGS'))
    return { text: `${name}: ${e.message}\n  hint: npm run ${name} -- --help\n`, code: 1 };
  return { text: `${name}: unexpected error (please report it): ${e?.stack ?? error}\n`, code: 70 };
}

/** Runs a CLI's main and exits with its code, or with cliFailure's. */
export function runCli(name: string, main: () => Promise<number>): void {
  main().then(
    (code) => process.exit(code),
    (error) => {
      const { text, code } = cliFailure(name, error);
      process.stderr.write(text);
      process.exit(code);
    },
  );
}
