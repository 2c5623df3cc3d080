/**
 * A results file's content digest: SHA-256 of everything in it but the digest itself, written by
 * the runner beside the rows. `npm run merge` refuses a file whose digest is missing or does not
 * match, so a row edited after the runner wrote it is caught even though the cell's sources (the
 * stale hash) are unchanged. Tamper-evident against hand edits, not a signature: like the source
 * hash, anyone who recomputes it can forge it; a reviewer of the pull request is the last check.
 */
import { createHash } from 'node:crypto';

type Raw = Record<string, unknown>;

const without = ({ digest: _, ...rest }: Raw): Raw => rest;

/** The digest of a results object as parsed from its file (key order as written, the digest left out). */
export function contentDigest(raw: Raw): string {
  return `sha256:${createHash('sha256')
    .update(JSON.stringify(without(raw)))
    .digest('hex')}`;
}

/** The text the runner writes for results: the object, then its digest as the last field. */
export function resultsText(results: object, indent: number | undefined = 1): string {
  const rest = without(results as Raw);
  return `${JSON.stringify({ ...rest, digest: contentDigest(rest) }, null, indent)}\n`;
}

export type DigestCheck = 'ok' | 'missing' | 'mismatch';

/** Whether a parsed results file carries the digest of its own content. */
export function checkDigest(raw: Raw): DigestCheck {
  if (typeof raw.digest !== 'string') return 'missing';
  return raw.digest === contentDigest(raw) ? 'ok' : 'mismatch';
}
