/**
 * Where the site is published: its address (SITE_URL) and the sub-path it is served under
 * (BASE_PATH). One definition for astro.config.mjs and for the notebook export, which must make
 * the same absolute links as the build. Without SITE_URL the address is unknown, and stays so:
 * no canonical links or sitemap, and exported notebooks link relatively (never to a made-up host).
 */
export interface SiteSettings {
  site: string | undefined;
  base: string;
}

export function siteSettings(env: Record<string, string | undefined>): SiteSettings {
  return { site: env.SITE_URL || undefined, base: env.BASE_PATH || '/' };
}
