/**
 * Where the site is published: its address (SITE_URL) and the sub-path it is served under
 * (BASE_PATH). One definition for astro.config.mjs and for the notebook export, which must make
 * the same absolute links as the build.
 */
export interface SiteSettings {
  site: string;
  base: string;
}

export const DEFAULT_SITE = 'https://async-measured.example.org';

export function siteSettings(env: Record<string, string | undefined>): SiteSettings {
  return { site: env.SITE_URL || DEFAULT_SITE, base: env.BASE_PATH || '/' };
}
