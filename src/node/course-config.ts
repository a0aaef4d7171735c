import { readFileSync } from 'node:fs';
import { CourseConfigSchema, type CourseConfig } from '../schemas/course-config.ts';
import { fieldName, formatIssue } from '../shared/friendly-errors/friendly-issue.ts';
import { readLocatedYaml } from '../shared/friendly-errors/located-yaml.ts';
import { describeZodError, schemaFieldNames } from '../shared/friendly-errors/zod-issue.ts';

export const COURSE_CONFIG_FILE = 'content/course.yaml';

interface Overrides {
  site?: string | undefined;
  base?: string | undefined;
  examBanks?: string[] | undefined;
}

/** The environment variable each override comes from, named in its messages. */
const OVERRIDE_VARIABLES: Record<keyof Overrides, string> = { site: 'COURSE_SITE', base: 'COURSE_BASE', examBanks: 'COURSE_EXAM_BANKS' };

const SETTING_NAMES = schemaFieldNames(CourseConfigSchema);

/** Reads and validates content/course.yaml; throws one readable line per problem, naming the place, the setting and the fix. */
export function loadCourseConfig(file: string, overrides: Overrides = {}): CourseConfig {
  const read = readLocatedYaml(readFileSync(file, 'utf8'));
  if (!read.ok) throw new Error(formatIssue({ file, ...read.issue }));
  const raw = read.value;
  if (raw !== null && raw !== undefined && (typeof raw !== 'object' || Array.isArray(raw))) {
    throw new Error(
      formatIssue({
        file,
        position: read.at([]),
        problem: 'the settings are not a block of `name: value` lines',
        fix: 'write one setting a line, e.g. `title: Distributed Tracing`, not a list or a single value',
      }),
    );
  }
  const given = Object.fromEntries(Object.entries(overrides).filter(([, v]) => v));
  const result = CourseConfigSchema.safeParse({ ...(raw ?? {}), ...given }, { reportInput: true });
  if (!result.success) {
    const lines = describeZodError(result.error, { knownFields: SETTING_NAMES }).map((issue) => {
      const name = String(issue.key ?? issue.path[0] ?? '');
      // A value from COURSE_SITE / COURSE_BASE is not in the file: say where it came from instead of a line.
      const fromEnvironment = name in given;
      return formatIssue({
        file: fromEnvironment ? OVERRIDE_VARIABLES[name as keyof Overrides] : file,
        position: fromEnvironment ? undefined : read.at(issue.path, issue.key),
        field: fromEnvironment ? undefined : fieldName(issue.path) || undefined,
        problem: issue.problem,
        fix: issue.fix,
      });
    });
    throw new Error(lines.join('\n'));
  }
  return result.data;
}

/**
 * The configuration a build uses: the file, with COURSE_SITE / COURSE_BASE and
 * COURSE_EXAM_BANKS (bank ids separated by commas) from the host's environment on top.
 */
export function courseConfigForBuild(file: string = COURSE_CONFIG_FILE): CourseConfig {
  const examBanks = process.env.COURSE_EXAM_BANKS?.split(',')
    .map((id) => id.trim())
    .filter(Boolean);
  return loadCourseConfig(file, { site: process.env.COURSE_SITE, base: process.env.COURSE_BASE, examBanks });
}

/** Problems with `examBanks`: each must name a bank of the course (one line per unknown id, with the fix). */
export function unknownExamBanks(config: CourseConfig, bankIds: readonly string[], file: string = COURSE_CONFIG_FILE): string[] {
  return config.examBanks
    .filter((id) => !bankIds.includes(id))
    .map((id) =>
      formatIssue({
        file: process.env.COURSE_EXAM_BANKS ? 'COURSE_EXAM_BANKS' : file,
        field: 'examBanks',
        problem: `"${id}" is not a quiz bank: there is no content/quizzes/${id}.yaml`,
        fix: `use one of ${bankIds.join(', ')}`,
      }),
    );
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
