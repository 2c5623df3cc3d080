// @ts-check
import { defineConfig } from 'astro/config';
import starlight from '@astrojs/starlight';
import { remarkCellRefs } from './src/lib/remark-cell-refs.ts';
import { remarkBaseLinks } from './src/lib/remark-base-links.ts';

// BASE_PATH deploys the site under a sub-path (GitHub Pages: /<repo>/); chapters' root-relative
// Markdown links get it from remarkBaseLinks.
const base = process.env.BASE_PATH ?? '/';

// The static site. The live runner is added only by `npm start` (runners/bin/start.ts), so
// nothing of it can reach dist/.
export default defineConfig({
  site: process.env.SITE_URL ?? 'https://async-measured.example.org',
  base,
  trailingSlash: 'ignore',
  markdown: { remarkPlugins: [remarkCellRefs, [remarkBaseLinks, { base }]] },
  integrations: [
    starlight({
      title: 'Async, Measured',
      description: 'Five essays on sync vs async I/O, re-told and re-measured on Node.',
      defaultLocale: 'root',
      locales: {
        root: { label: 'English', lang: 'en' },
        'zh-cn': { label: '简体中文', lang: 'zh-CN' },
      },
      sidebar: [
        { label: 'Introduction', link: '/' },
        { label: 'Chapters', autogenerate: { directory: 'chapters' } },
      ],
      customCss: ['./src/styles/cells.css'],
      // Chapters live outside src/content/docs: give them Starlight's asides and heading anchors too.
      markdown: { processedDirs: ['./content/docs'] },
      lastUpdated: false,
      pagination: true,
    }),
  ],
});
