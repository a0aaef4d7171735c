import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';

// Lessons are written with `{/* quiz: id */}`-style markers where an interactive piece goes.
// A marker left in a built lesson renders nothing, so a learner would silently miss that piece.
const MARKER = /\{\/\*\s*(quiz|prediction|sandbox|source|traceql-playground|sampling-lab|volume-calculator|exemplars|redaction)\b/;

test('every interactive marker in the lessons has been replaced by its component', () => {
  const dir = 'content/docs';
  const left = readdirSync(dir)
    .filter((name) => name.endsWith('.mdx'))
    .flatMap((name) =>
      readFileSync(join(dir, name), 'utf8')
        .split('\n')
        .map((line, i) => (MARKER.test(line) ? `${name}:${i + 1}: ${line.trim()}` : ''))
        .filter(Boolean),
    );
  expect(left).toEqual([]);
});
