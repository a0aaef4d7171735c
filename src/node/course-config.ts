import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { CourseConfigSchema, type CourseConfig } from '../schemas/course-config.ts';
import { formatZodIssue } from '../course/format-issue.ts';

export const COURSE_CONFIG_FILE = 'content/course.yaml';

interface Overrides {
  site?: string | undefined;
  base?: string | undefined;
}

/** Reads and validates content/course.yaml; throws one readable error naming the field and the fix. */
export function loadCourseConfig(file: string, overrides: Overrides = {}): CourseConfig {
  let raw: unknown;
  try {
    raw = parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`${file}: not valid YAML (${(error as Error).message.split('\n')[0]}). Fix the syntax and build again.`);
  }
  if (raw !== null && raw !== undefined && (typeof raw !== 'object' || Array.isArray(raw))) {
    throw new Error(
      `${file}: write the settings as \`name: value\` lines, e.g. \`title: Distributed Tracing\`, not a list or a single value.`,
    );
  }
  const input = { ...(raw ?? {}), ...Object.fromEntries(Object.entries(overrides).filter(([, v]) => v)) };
  const result = CourseConfigSchema.safeParse(input);
  if (!result.success) {
    throw new Error(result.error.issues.map((issue) => formatZodIssue(file, issue)).join('\n'));
  }
  return result.data;
}

/** The configuration a build uses: the file, with COURSE_SITE / COURSE_BASE from the host's environment on top. */
export function courseConfigForBuild(file: string = COURSE_CONFIG_FILE): CourseConfig {
  return loadCourseConfig(file, { site: process.env.COURSE_SITE, base: process.env.COURSE_BASE });
}

/** Host names reserved for examples (RFC 2606): a site there cannot be where the course is really hosted. */
const EXAMPLE_HOST = /(^|\.)example(\.(com|net|org))?$/i;

/**
 * The one warning a production build prints while the site is still a placeholder such as
 * `https://example.org` (what content/course.yaml ships with); undefined once it names a real host.
 */
export function placeholderSiteWarning(site: string, file: string = COURSE_CONFIG_FILE): string | undefined {
  let host: string;
  try {
    host = new URL(site).hostname;
  } catch {
    return undefined; // an invalid site already failed validation with its own message
  }
  if (!EXAMPLE_HOST.test(host)) return undefined;
  return (
    `${file}: \`site\` is still the placeholder ${site}, so every canonical link, the sitemap and the lab's ` +
    `CORS command point there. Set \`site:\` in ${file} to the address learners will open, or set COURSE_SITE ` +
    `for one build, e.g. \`COURSE_SITE=https://tracing.your-school.edu npm run build\`.`
  );
}
