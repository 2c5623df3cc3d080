// @ts-check
import { defineConfig } from 'astro/config';
import starlight from '@astrojs/starlight';
import { remarkCellRefs } from './src/lib/remark-cell-refs.ts';

// The static site. The live runner is added only by `npm start` (runners/bin/start.ts), so
// nothing of it can reach dist/.
export default defineConfig({
  site: process.env.SITE_URL ?? 'https://async-measured.example.org',
  base: process.env.BASE_PATH ?? '/',
  trailingSlash: 'ignore',
  // Inside the checkout, not node_modules/.astro: worktrees sharing one node_modules must not share a content cache.
  cacheDir: './.astro/cache',
  markdown: { remarkPlugins: [remarkCellRefs] },
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
        { label: 'Introduction', translations: { 'zh-CN': '简介' }, link: '/' },
        { label: 'Chapters', translations: { 'zh-CN': '章节' }, autogenerate: { directory: 'chapters' } },
      ],
      customCss: ['./src/styles/cells.css'],
      // The page title gains a "download as Jupyter notebook" link on chapter pages.
      components: { PageTitle: './src/components/overrides/PageTitle.astro' },
      // Chapters live outside src/content/docs: give them Starlight's asides and heading anchors too.
      markdown: { processedDirs: ['./content/docs'] },
      lastUpdated: false,
      pagination: true,
    }),
  ],
});
