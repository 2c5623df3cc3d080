import { describe, expect, it } from 'vitest';
import { DEFAULT_SITE, siteSettings } from './site-settings.ts';

describe('siteSettings', () => {
  it('takes the address and sub-path from the environment, with defaults', () => {
    expect(siteSettings({ SITE_URL: 'https://me.github.io', BASE_PATH: '/am/' })).toEqual({ site: 'https://me.github.io', base: '/am/' });
    expect(siteSettings({})).toEqual({ site: DEFAULT_SITE, base: '/' });
    expect(siteSettings({ SITE_URL: '', BASE_PATH: '' })).toEqual({ site: DEFAULT_SITE, base: '/' });
  });
});
