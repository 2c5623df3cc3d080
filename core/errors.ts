/**
 * Errors a user can act on: what is wrong and how to fix it. Only the CLI entry points print
 * them and choose exit codes, and only the local server turns them into HTTP answers (by
 * `status`); everything else throws or returns them.
 */
export class UserError extends Error {
  override name = 'UserError';
  constructor(
    message: string,
    readonly hint?: string,
    readonly exitCode = 1,
    /** The HTTP status the local server answers with: the request was at fault. */
    readonly status = 400,
  ) {
    super(message);
  }
}

/** Something asked for by name (a cell, a chapter) that does not exist. */
export class NotFoundError extends UserError {
  override name = 'NotFoundError';
  constructor(message: string, hint?: string) {
    super(message, hint, 1, 404);
  }
}

/** The text a person sees: message, then the hint on its own line. */
export function formatUserError(error: UserError): string {
  return error.hint ? `${error.message}\n  hint: ${error.hint}` : error.message;
}
