import { describe, expect, it } from 'vitest';
import { siteBaseFromConfig } from './notebook-export-site.ts';

const CONFIG = `export default defineConfig({
  site: process.env.SITE_URL ?? 'https://async-measured.example.org',
  base: process.env.BASE_PATH ?? '/',
  trailingSlash: 'ignore',
});`;

describe('siteBaseFromConfig', () => {
  it('uses the defaults written in the config', () => {
    expect(siteBaseFromConfig(CONFIG, {})).toEqual({ site: 'https://async-measured.example.org', base: '/' });
  });
  it('lets the same env variables as the build override them', () => {
    expect(siteBaseFromConfig(CONFIG, { SITE_URL: 'https://me.github.io', BASE_PATH: '/am/' })).toEqual({ site: 'https://me.github.io', base: '/am/' });
  });
  it('reads plain literals and fails without a site', () => {
    expect(siteBaseFromConfig(`site: "https://a.b"`, {})).toEqual({ site: 'https://a.b', base: '/' });
    expect(() => siteBaseFromConfig('export default {}', {})).toThrow(/no literal `site`/);
  });
});
