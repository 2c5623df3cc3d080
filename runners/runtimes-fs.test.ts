import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { findRuntime, launchOf, npmFailure, resolveRuntime, RuntimeMissingError, runningNode } from './runtimes-fs.ts';

let cache: string;
const saved = { ...process.env };

beforeEach(() => {
  cache = mkdtempSync(join(tmpdir(), 'am-runtimes-'));
  process.env.AM_RUNTIMES_DIR = cache;
});
afterEach(() => {
  process.env = { ...saved };
  rmSync(cache, { recursive: true, force: true });
});

/** A complete-looking install of `id` in the cache (a marker and a binary), as installRuntime leaves it. */
function fakeInstall(id: string, pkg: string, range: string, bin: string, self: object) {
  const dir = join(cache, id);
  mkdirSync(join(dir, 'node_modules', '.bin'), { recursive: true });
  const binary = join(dir, 'node_modules', pkg, bin);
  mkdirSync(join(dir, 'node_modules', pkg), { recursive: true });
  writeFileSync(binary, '#!/bin/sh\n');
  chmodSync(binary, 0o755);
  symlinkSync(`../${pkg}/${bin}`, join(dir, 'node_modules', '.bin', bin));
  writeFileSync(join(dir, 'runtime.json'), JSON.stringify({ id, package: pkg, range, version: '1.2.3', self, installedAt: '' }));
  return dir;
}

describe('finding runtimes', () => {
  it('serves the running Node major from this process, with tsx', () => {
    const node = runningNode();
    expect(node.binary).toBe(process.execPath);
    expect(node.self).toMatchObject({ name: 'node', version: process.versions.node });
    expect(launchOf(node, '/p/child.ts').args).toEqual(['--import', 'tsx', '/p/child.ts']);
    expect(findRuntime('/nowhere', `node${process.versions.node.split('.')[0]}` as 'node20')?.binary).toBe(process.execPath);
  });

  it('finds a complete install of the table range in the cache, and only that', () => {
    expect(findRuntime('/nowhere', 'bun')).toBeUndefined();
    const dir = fakeInstall('bun', 'bun', '^1.2', 'bun', { name: 'bun', version: '1.2.3' });
    const bun = findRuntime('/nowhere', 'bun');
    expect(bun).toMatchObject({ id: 'bun', binary: join(dir, 'node_modules/.bin/bun'), self: { name: 'bun', version: '1.2.3' } });
    expect(launchOf(bun!, '/p/child.ts')).toEqual({
      command: join(dir, 'node_modules/.bin/bun'),
      args: ['--no-install', '/p/child.ts'],
      env: {},
    });
    // An install of another range (the table moved on) is not this runtime any more.
    fakeInstall('deno', 'deno', '^1.0', 'deno', { name: 'deno', version: '1.0.0' });
    expect(findRuntime('/nowhere', 'deno')).toBeUndefined();
  });
});

describe('a missing runtime', () => {
  it('says "needs X" with the install command when installing is not allowed', async () => {
    const error = await resolveRuntime('/nowhere', 'deno', { install: false }).catch((e) => e);
    expect(error).toBeInstanceOf(RuntimeMissingError);
    expect(error.message).toBe('needs deno: it is not installed');
    expect(error.hint).toMatch(/^install it with `npm run runtimes -- install deno` .*\)$/);
  });

  it('names what failed when the install cannot reach the registry, and leaves nothing behind', async () => {
    // An empty cache and a registry nobody answers at: what an offline machine sees, without a network.
    process.env.npm_config_registry = 'http://127.0.0.1:9/';
    process.env.npm_config_cache = join(cache, 'npm-cache');
    process.env.npm_config_fetch_retries = '0';
    process.env.npm_config_offline = 'false';
    const lines: string[] = [];
    const error = await resolveRuntime(cache, 'bun', { onProgress: (t) => lines.push(t) }).catch((e) => e);
    expect(lines[0]).toMatch(/^installing bun from npm \(bun@\^1\.2, about \d+ MB\) into .*bun\/ \.\.\.$/);
    expect(error).toBeInstanceOf(RuntimeMissingError);
    expect(error.message).toMatch(
      /^needs bun: it is not installed, and installing it failed: `npm install bun@\^1\.2` exited with code \d+ \(request to http:\/\/127\.0\.0\.1:9\/bun failed, reason: connect ECONNREFUSED/,
    );
    expect(error.hint).toContain('`npm run runtimes -- install bun`');
    expect(error.hint).toContain('once the npm registry is reachable');
    expect(readdirSync(cache).filter((f) => f !== 'npm-cache')).toEqual([]);
    expect(existsSync(join(cache, 'bun'))).toBe(false);
  }, 60_000);

  it("keeps npm's own error lines", () => {
    const stderr =
      'npm error code ECONNREFUSED\nnpm error errno ECONNREFUSED\nnpm error network request failed\nnpm error A complete log of this run can be found in: x\n';
    expect(npmFailure(stderr)).toBe('code ECONNREFUSED; errno ECONNREFUSED; network request failed');
    const offline = 'npm error code ENOTFOUND\nnpm error network request to http://r/deno failed, reason: getaddrinfo ENOTFOUND r\n';
    expect(npmFailure(offline)).toBe('request to http://r/deno failed, reason: getaddrinfo ENOTFOUND r');
    const refused =
      'npm error code ECONNREFUSED\nnpm error FetchError: request to http://r/deno failed, reason: connect ECONNREFUSED\nnpm error     at X\n';
    expect(npmFailure(refused)).toBe('request to http://r/deno failed, reason: connect ECONNREFUSED');
    expect(npmFailure('something else\nlast line\n')).toBe('something else; last line');
  });
});
