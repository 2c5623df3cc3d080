import { describe, expect, it } from 'vitest';
import { siteSettings } from './site-settings.ts';

describe('siteSettings', () => {
  it('takes the address and sub-path from the environment', () => {
    expect(siteSettings({ SITE_URL: 'https://me.github.io', BASE_PATH: '/am/' })).toEqual({ site: 'https://me.github.io', base: '/am/' });
  });
  it('leaves the address unknown when SITE_URL is not set, never a placeholder', () => {
    expect(siteSettings({})).toEqual({ site: undefined, base: '/' });
    expect(siteSettings({ SITE_URL: '', BASE_PATH: '' })).toEqual({ site: undefined, base: '/' });
  });
});
