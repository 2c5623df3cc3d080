/**
 * What this process runs on, read from its own globals (process.versions, Deno.version): the
 * cell's child reports it with its first record, and the install probe prints it.
 */
import { runtimeSelf, type RuntimeSelf } from '../core/runtimes.ts';

export function thisRuntime(): RuntimeSelf {
  const deno = (globalThis as { Deno?: { version: { deno: string; v8: string } } }).Deno;
  return runtimeSelf({ versions: { ...process.versions }, ...(deno ? { deno: deno.version } : {}) });
}
