import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { docsSchema } from '@astrojs/starlight/schema';

// Chapters live in the top-level content/ folder (English at content/docs/, Simplified Chinese
// at content/docs/zh-cn/), beside the notebooks they run.
export const collections = {
  docs: defineCollection({
    loader: glob({ pattern: '**/*.{md,mdx}', base: './content/docs' }),
    schema: docsSchema(),
  }),
};
