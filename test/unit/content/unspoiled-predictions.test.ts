import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCourseContentOrThrow } from '../../../src/node/load-content.ts';
import { ROOT, readLessons } from './lessons.ts';

// A prediction is worth committing to only if the lesson has not answered it
// yet. This test reads each lesson up to each <Prediction id=...> and looks
// for the key phrases of the right answer in that text.
//
// The heuristic, and what it cannot see:
// - Text is compared in lower case with punctuation and Markdown marks turned
//   into spaces, so "brand-new trace" and "brand new trace" are the same.
//   Front matter, imports and MDX comments do not count as lesson text.
// - Key phrases come from two places. From the right choice itself: every run
//   of three words in which at least two are content words (four letters or
//   more, not a common function word). And from SPOILERS below: the phrases
//   that state the outcome in the words a lesson would use, written by hand
//   for each prediction, because the outcome is rarely worded like the choice.
// - It catches a restatement, not an implication: a paragraph that explains
//   the mechanism in other words still passes. Reviewers still read the order.

const SPOILERS: Record<string, string[]> = {
  'anatomy-broken-edge': ['two traces', 'new trace', 'second trace', 'own trace', 'trace of its own', 'cannot stitch'],
  'anatomy-uninstrumented-gap': ['nobody instrumented', 'self time', 'no span covers', 'not instrumented'],
  'worked-slow-span': ['520', 'half a second', 'slower step', 'slower one'],
  'worked-fail-status': ['whole branch', 'every span above', 'marked error by'],
  'correlation-queue-edge': ['two traces', 'new trace', 'trace of its own', 'journey breaks'],
  'production-fallback-status': ['everything went well', 'no error', 'baseline happens', 'never fires'],
  'sampling-ten-percent': ['only by chance', 'one-in-ten', '1-in-10', 'random coverage', 'drop exactly the trace'],
};

const STOP = new Set(
  'about above after again also that their there these they this those what when where which while with without from into your have will would should could each every than then them does were been being only just like more most such some very over under'.split(
    ' ',
  ),
);

function normalise(text: string): string {
  return ` ${text
    .toLowerCase()
    .replace(/[’']/g, '')
    .replace(/[^a-z0-9%]+/g, ' ')
    .trim()} `;
}

function choiceTrigrams(text: string): string[] {
  const words = normalise(text).trim().split(' ');
  const isContent = (w: string) => w.length >= 4 && !STOP.has(w);
  const grams: string[] = [];
  for (let i = 0; i + 3 <= words.length; i++) {
    const three = words.slice(i, i + 3);
    if (three.filter(isContent).length >= 2) grams.push(three.join(' '));
  }
  return grams;
}

/** The lesson text a learner has read when they reach line `index` of the body. */
function textAbove(body: string, index: number): string {
  return body
    .split('\n')
    .slice(0, index)
    .filter((line) => !/^\s*import\s/.test(line))
    .join('\n')
    .replace(/\{\/\*[\s\S]*?\*\/\}/g, ' ');
}

const content = loadCourseContentOrThrow(join(ROOT, 'content'));
const placed = readLessons().flatMap((lesson) =>
  lesson.body
    .split('\n')
    .flatMap((line, index) => {
      const id = /<Prediction\s+id="([^"]+)"/.exec(line)?.[1];
      return id ? [{ lesson: lesson.slug, id, above: normalise(textAbove(lesson.body, index)) }] : [];
    }),
);

describe('predictions stand before the text that answers them', () => {
  it('finds the predictions placed in the lessons', () => {
    expect(placed.map((p) => p.id)).toEqual(expect.arrayContaining(Object.keys(SPOILERS)));
  });

  for (const { lesson, id, above } of placed) {
    it(`${lesson}: ${id}`, () => {
      const prediction = content.predictionsById.get(id)?.prediction;
      expect(prediction, `prediction ${id} exists in content/predictions`).toBeDefined();
      const right = prediction?.kind === 'choice' ? (prediction.choices.find((c) => c.id === prediction.answer)?.text ?? '') : '';
      const phrases = [...choiceTrigrams(right), ...(SPOILERS[id] ?? [])];
      const given = phrases.filter((phrase) => above.includes(normalise(phrase)));
      expect(given, `phrases of the answer already in ${lesson}.mdx above the prediction`).toEqual([]);
    });
  }
});
