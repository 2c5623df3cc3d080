/**
 * Where the site is published, as astro.config.mjs says (`site` and `base`, each an env variable
 * with a default). The CLI cannot import the config (Starlight loads files Node cannot), so it
 * reads the two settings from its text. Pure.
 */
import type { SiteBase } from './notebook-export-mdx.ts';

function setting(text: string, key: string, env: Record<string, string | undefined>): string | undefined {
  const m = new RegExp(`\\b${key}:\\s*(?:process\\.env\\.(\\w+)\\s*\\?\\?\\s*)?(['"])([^'"]*)\\2`).exec(text);
  if (!m) return undefined;
  return (m[1] ? env[m[1]] : undefined) ?? m[3];
}

export function siteBaseFromConfig(text: string, env: Record<string, string | undefined>): SiteBase {
  const site = setting(text, 'site', env);
  if (!site) throw new Error('astro.config.mjs has no literal `site`: cannot make absolute links');
  return { site, base: setting(text, 'base', env) ?? '/' };
}
