import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { CourseConfigSchema, type CourseConfig } from '../schemas/course-config.ts';
import { formatZodIssue } from './format-issue.ts';

/** Reads and validates content/course.yaml; throws one readable error naming the field and the fix. */
export function loadCourseConfig(file: string, overrides: Partial<Record<'site' | 'base', string>> = {}): CourseConfig {
  let raw: unknown;
  try {
    raw = parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`${file}: not valid YAML (${(error as Error).message.split('\n')[0]}). Fix the syntax and build again.`);
  }
  const input = { ...(raw as object), ...Object.fromEntries(Object.entries(overrides).filter(([, v]) => v)) };
  const result = CourseConfigSchema.safeParse(input);
  if (!result.success) {
    throw new Error(result.error.issues.map((issue) => formatZodIssue(file, issue)).join('\n'));
  }
  return result.data;
}
