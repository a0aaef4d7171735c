import './csp-safe-zod.ts';
import { z } from 'zod';

// The course-wide settings instructors change: content/course.yaml.
// Every message says what to write instead, because the reader may never have seen zod or Astro.

const settings = {
  title: z
    .string({ error: 'give the course a title, e.g. `title: Distributed Tracing`' })
    .trim()
    .min(1, 'give the course a title, e.g. `title: Distributed Tracing`'),
  site: z
    .url({
      protocol: /^https?$/,
      error: 'use the full address of the host, with https://, e.g. `site: https://example.org`',
    })
    .refine((url) => !URL.canParse(url) || ['', '/'].includes(new URL(url).pathname), {
      // Astro joins page paths to the host only: a path here would silently vanish from links.
      error: (issue) => {
        const url = new URL(String(issue.input));
        return `put only the host here and the path in \`base\`: \`site: ${url.origin}\` and \`base: ${url.pathname.replace(/\/?$/, '/')}\``;
      },
    }),
  base: z
    .string({ error: 'use "/" or a path that starts and ends with "/", e.g. `base: /tracing-course/`' })
    .regex(/^\/([\w.-]+\/)*$/, {
      error: (issue) =>
        typeof issue.input === 'string' && /^\/[\w./-]*[\w.-]$/.test(issue.input)
          ? `end the path with "/": \`base: ${issue.input}/\``
          : 'use "/" or a path that starts and ends with "/", e.g. `base: /tracing-course/`',
    })
    .default('/'),
  passMark: z
    .number({ error: 'use a share from 0 to 1 without quotes or "%", e.g. `passMark: 0.7` for 70%' })
    .min(0, 'use a share from 0 to 1, e.g. `passMark: 0.7` for 70%')
    .max(1, {
      error: (issue) =>
        typeof issue.input === 'number' && issue.input <= 100
          ? `use a share from 0 to 1: for ${issue.input}% write \`passMark: ${issue.input / 100}\``
          : 'use a share from 0 to 1, e.g. `passMark: 0.7` for 70%',
    })
    .default(0.7),
  requireLearnerId: z.boolean({ error: 'use `true` or `false`, without quotes' }).default(false),
  // Banks given here are exams (src/course/quiz-bank.ts, `exam`); the build checks that each names a bank.
  examBanks: z
    .array(
      z
        .string({ error: 'write each bank as its file name without .yaml, e.g. `examBanks: [module]`' })
        .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'write each bank as its file name without .yaml, e.g. `examBanks: [module]`'),
      { error: 'list the banks in brackets, e.g. `examBanks: [module]` for content/quizzes/module.yaml' },
    )
    .default([]),
};

export const CourseConfigSchema = z
  // Strict: a misspelt setting would otherwise be ignored without a word.
  .strictObject(settings, {
    error: (issue) =>
      issue.code === 'invalid_type' ? 'write the settings as `name: value` lines, e.g. `title: Distributed Tracing`' : undefined,
  })
  .transform(({ title, site, base, passMark, requireLearnerId, examBanks }) => ({
    title,
    site,
    base,
    passMark,
    requireLearnerId,
    examBanks,
  }));

export type CourseConfig = z.output<typeof CourseConfigSchema>;
export type CourseConfigInput = z.input<typeof CourseConfigSchema>;
