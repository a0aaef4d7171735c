import { describe, expect, it } from 'vitest';
import { grade, type Question } from '../../../src/course/question-types/index.ts';
import { loadCourseConfig } from '../../../src/node/course-config.ts';
import { loadCourseContentOrThrow } from '../../../src/node/load-content.ts';

// A learner who knows nothing about tracing but knows how tests are written
// plays the form of the options. On "choose all that apply" they tick
// everything but the odd short one. On a single-choice item they pick the
// longest option; a learner who has noticed that authors stopped padding the
// key plays "anything but the longest" (the next longest) or the shortest
// instead. Played over every choice item of a bank and graded by the real
// graders, no such strategy may reach the pass mark. Only choice items count:
// the other types (numbers, queries, orders, policies) give such a learner no
// cue, so leaving them in would only flatter the result.

const content = loadCourseContentOrThrow('content');
const { passMark } = loadCourseConfig('content/course.yaml');

/** What the learner sees: Markdown code and emphasis marks do not show. */
const seenLength = (text: string) => text.replace(/`|\*\*/g, '').trim().length;

type ChoiceQuestion = Extract<Question, { type: 'single' | 'multiple' }>;

/** Picks one option from those sorted longest first. */
const SINGLE_STRATEGIES: Record<string, (longestFirst: readonly string[]) => string> = {
  'the longest option': (ids) => ids[0]!,
  'the next longest option': (ids) => ids[1]!,
  'the shortest option': (ids) => ids[ids.length - 1]!,
};

function testWiseResponse(q: ChoiceQuestion, pickSingle: (longestFirst: readonly string[]) => string): unknown {
  const longestFirst = [...q.choices].sort((a, b) => seenLength(b.text) - seenLength(a.text)).map((c) => c.id);
  if (q.type === 'single') return { choice: pickSingle(longestFirst) };
  const shortest = longestFirst[longestFirst.length - 1];
  return { choices: q.choices.filter((c) => c.id !== shortest).map((c) => c.id) };
}

function testWiseShare(questions: readonly Question[], pickSingle: (longestFirst: readonly string[]) => string): number {
  const choiceItems = questions.filter((q): q is ChoiceQuestion => q.type === 'single' || q.type === 'multiple');
  expect(choiceItems.length, 'choice items').toBeGreaterThan(0);
  const total = choiceItems.reduce((sum, q) => sum + grade(q, testWiseResponse(q, pickSingle)).score, 0);
  return total / choiceItems.length;
}

describe('a test-wise learner who reads option lengths instead of the lessons', () => {
  for (const [strategy, pick] of Object.entries(SINGLE_STRATEGIES)) {
    describe(`picking ${strategy}, and every option but the shortest where several are right`, () => {
      for (const bank of content.quizzes) {
        it(`fails the ${bank.id} bank`, () => {
          expect(testWiseShare(bank.questions, pick), `${bank.id}: share of points from option length alone`).toBeLessThan(passMark);
        });
      }
    });
  }
});
