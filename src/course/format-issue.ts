import type { z } from 'zod';

/** One line per problem: the file, the field path and what to do about it. */
export function formatZodIssue(file: string, issue: z.core.$ZodIssue, prefix: readonly PropertyKey[] = []): string {
  const path = [...prefix, ...issue.path].map(String).join('.') || '(top level)';
  return `${file}: field "${path}": ${issue.message}`;
}
