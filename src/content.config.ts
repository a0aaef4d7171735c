import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { docsSchema } from '@astrojs/starlight/schema';
import { LessonFieldsSchema } from './schemas/lesson.ts';

// Lessons live in the top-level content/docs folder, not Starlight's default src/content/docs.
export const collections = {
  docs: defineCollection({
    loader: glob({ pattern: '**/*.{md,mdx}', base: './content/docs' }),
    schema: docsSchema({ extend: LessonFieldsSchema }),
  }),
};
