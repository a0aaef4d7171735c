import type { z } from 'zod';
import { fieldName } from '../../shared/friendly-errors/friendly-issue.ts';
import { describeZodError, schemaFieldNames } from '../../shared/friendly-errors/zod-issue.ts';

// Why a stored or imported response cannot be graded, in the site's one
// wording for zod issues (src/shared/friendly-errors). Loaded with the
// question types (registry.ts), so a page that grades nothing does not load it.

/** The first problem of a response that does not fit its type's response schema, e.g. `order: expected a list, found a string`. */
export function responseProblem(error: z.ZodError, schema: z.ZodType): string | undefined {
  const first = describeZodError(error, { knownFields: schemaFieldNames(schema) })[0];
  if (!first) return undefined;
  return `${first.path.length ? `${fieldName(first.path)}: ` : ''}${first.problem}`;
}
