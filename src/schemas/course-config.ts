import { z } from 'astro/zod';

// The course-wide settings instructors change: content/course.yaml.
export const CourseConfigSchema = z.strictObject({
  title: z.string().min(1, 'give the course a title'),
  site: z.url('use an absolute URL such as https://example.org'),
  base: z
    .string()
    .regex(/^\/([\w.-]+\/)*$/, 'use "/" or a path that starts and ends with "/", e.g. "/tracing-course/"')
    .default('/'),
  passMark: z.number().min(0, 'use a share from 0 to 1, e.g. 0.7').max(1, 'use a share from 0 to 1, e.g. 0.7').default(0.7),
  requireLearnerId: z.boolean().default(false),
});

export type CourseConfig = z.output<typeof CourseConfigSchema>;
export type CourseConfigInput = z.input<typeof CourseConfigSchema>;
