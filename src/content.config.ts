import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { docsSchema, i18nSchema } from '@astrojs/starlight/schema';
import { LessonFieldsSchema } from './schemas/lesson.ts';

// Lessons live in the top-level content/docs folder, not Starlight's default src/content/docs.
export const collections = {
  docs: defineCollection({
    loader: glob({ pattern: '**/*.{md,mdx}', base: './content/docs' }),
    schema: docsSchema({ extend: LessonFieldsSchema }),
  }),
  // Starlight looks for this collection (and warns when it is missing); the course has
  // one language and no translated UI strings, so it holds a single empty entry.
  i18n: defineCollection({ loader: async () => [{ id: 'en' }], schema: i18nSchema() }),
};
