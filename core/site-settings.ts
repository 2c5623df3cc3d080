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

/** The base with exactly one leading and one trailing slash ('/' stays '/'). Pure. */
export function normalizeBase(base: string | undefined): string {
  const trimmed = (base ?? '/').trim().replace(/^\/+|\/+$/g, '');
  return trimmed ? `/${trimmed}/` : '/';
}

/**
 * A root-relative URL with the base in front; anything else (external, protocol-relative
 * `//host`, `#anchor`, relative, or already under the base) unchanged. Pure.
 */
export function withBase(url: string, base: string): string {
  const b = normalizeBase(base);
  if (b === '/' || !url.startsWith('/') || url.startsWith('//')) return url;
  // Already prefixed (e.g. written by hand, or the plugin ran twice): leave it.
  if (url === b.slice(0, -1) || url.startsWith(b)) return url;
  return b + url.slice(1);
}
