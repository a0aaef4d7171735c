import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { z } from 'astro/zod';
import { docsSchema, i18nSchema } from '@astrojs/starlight/schema';
import { LessonFieldsSchema } from './schemas/lesson.ts';
import type { Misconception } from './schemas/misconception.ts';
import type { PredictionBank } from './schemas/prediction.ts';
import type { QuizBank } from './course/quiz-bank.ts';
import { courseContentLoader } from './node/content-loader.ts';

// The schemas of the three course collections only give their entries a type: the loader has
// already validated every file with validateCourseContent (src/course/course-content.ts), which
// checks across files what a per-entry schema cannot.
export const collections = {
  // Lessons live in the top-level content/docs folder, not Starlight's default src/content/docs.
  docs: defineCollection({
    loader: glob({ pattern: '**/*.{md,mdx}', base: './content/docs' }),
    schema: docsSchema({ extend: LessonFieldsSchema }),
  }),
  // Starlight looks for this collection (and warns when it is missing); the course has
  // one language and no translated UI strings, so it holds a single empty entry.
  i18n: defineCollection({ loader: async () => [{ id: 'en' }], schema: i18nSchema() }),
  quizzes: defineCollection({ loader: courseContentLoader('quizzes'), schema: z.custom<QuizBank>() }),
  predictions: defineCollection({ loader: courseContentLoader('predictions'), schema: z.custom<PredictionBank>() }),
  misconceptions: defineCollection({ loader: courseContentLoader('misconceptions'), schema: z.custom<Misconception>() }),
};
