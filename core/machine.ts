/**
 * Which machine a results file was measured on, named from its own provenance: a readable slug of
 * the CPU model, cores, memory (rounded to GiB), OS and architecture, an optional label the person
 * who ran it chose (`--machine`, `AM_MACHINE`), and a short hash of all of them, e.g.
 * `amd-epyc-7763-4c-16g-linux-x64-3f9a`. Derived from provenance rather than stored beside it, so
 * any results file names its machine, and merging can check that a file sits in its machine's
 * folder (`public/results/machines/<id>/`, README).
 *
 * Stable on purpose: the kernel release (in provenance's `os`) is left out, as an update of the
 * same machine is still that machine; memory is rounded, as the kernel reserves a varying share.
 * Pure and browser-safe (core/): no node:crypto, so the hash is FNV-1a.
 */
import type { Provenance } from './protocol.ts';

/** The provenance fields a machine id is made of. */
export type MachineFacts = Pick<Provenance, 'cpu' | 'cores' | 'memoryBytes' | 'os'> & { machine?: string };

/** What a machine id looks like: lowercase words and digits joined by dashes, ending in 4 hex digits. */
export const MACHINE_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*-[0-9a-f]{4}$/;

/** Lowercase words and digits joined by dashes. */
export function slugify(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

// Words a CPU model carries that tell machines apart by nothing: trademarks, "Processor", the clock.
const CPU_NOISE = /\((?:r|tm)\)|\b(?:processor|cpu|\d+-core|with radeon graphics)\b|@.*$/gi;

/** The CPU model as a short slug: "AMD EPYC 7763 64-Core Processor" → "amd-epyc-7763". */
export function cpuSlug(model: string): string {
  const words = slugify(model.replace(CPU_NOISE, ' ')).split('-').filter(Boolean);
  return words.slice(0, 4).join('-') || 'cpu';
}

/** OS name and architecture from provenance's `os` ("Linux 6.8.0-1017-azure x64"): ["linux", "x64"]. */
export function osAndArch(os: string): { os: string; arch: string } {
  const words = os.trim().split(/\s+/).filter(Boolean);
  const name = slugify(words[0] ?? '') || 'os';
  const arch = words.length > 1 ? slugify(words[words.length - 1]) : '';
  return { os: name, arch: arch || 'unknown' };
}

/** Memory in whole GiB, at least 1. */
export function memoryGiB(bytes: number): number {
  return Math.max(1, Math.round(bytes / 2 ** 30));
}

/** A user's label as it goes into an id: a slug of at most 32 characters, or an error. */
export function parseMachineLabel(label: string): { ok: true; value: string } | { ok: false; message: string } {
  const value = slugify(label).slice(0, 32).replace(/-+$/, '');
  if (!value)
    return { ok: false, message: `machine label "${label}" has no letters or digits: name it like "ci-ubuntu-24.04" or "my-laptop"` };
  return { ok: true, value };
}

/** FNV-1a, 32 bits, as 8 hex digits. */
function fnv1a(text: string): string {
  let h = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(text)) {
    h ^= byte;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}

/**
 * The machine's id. The hash covers the full CPU model and the label as given (slugged), so two
 * machines whose slugs coincide still differ.
 */
export function machineId(facts: MachineFacts): string {
  const { os, arch } = osAndArch(facts.os);
  const gib = memoryGiB(facts.memoryBytes);
  const label = facts.machine ? parseMachineLabel(facts.machine) : undefined;
  const labelSlug = label?.ok ? label.value : '';
  const parts = [labelSlug, cpuSlug(facts.cpu), `${facts.cores}c`, `${gib}g`, os, arch].filter(Boolean);
  const hash = fnv1a([facts.cpu.trim(), facts.cores, gib, os, arch, labelSlug].join('\n')).slice(0, 4);
  return `${parts.join('-')}-${hash}`;
}

/** The folder of a machine's results under the results root (`public/results/`). */
export function machineDir(id: string): string {
  return `machines/${id}`;
}
