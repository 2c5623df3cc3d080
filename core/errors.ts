/**
 * Errors a user can act on: what is wrong and how to fix it. Only the CLI entry points print
 * them and choose exit codes; everything else throws or returns them.
 */
export class UserError extends Error {
  override name = 'UserError';
  constructor(
    message: string,
    readonly hint?: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}

/** The text a person sees: message, then the hint on its own line. */
export function formatUserError(error: UserError): string {
  return error.hint ? `${error.message}\n  hint: ${error.hint}` : error.message;
}
