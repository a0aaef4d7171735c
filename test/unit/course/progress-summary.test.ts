import { describe, expect, it } from 'vitest';
import { bankOutlines, validateCourseContent } from '../../../src/course/course-content.ts';
import { toExport } from '../../../src/course/export.ts';
import { gradeLearner } from '../../../src/course/gradebook.ts';
import { createProgressStore, type StorageLike } from '../../../src/course/progress-store.ts';
import { progressSummary } from '../../../src/course/progress-summary.ts';
import '../../../src/course/question-types/index.ts';

// The progress page and the gradebook show one summary: stored responses
// graded again with today's graders. A score stored beside a response (by an
// older grader, or edited by hand) is never what either shows.

const BANK = `id: overview
title: Check your understanding
lesson: overview
questions:
  - id: two-traces
    type: single
    outcome: debug
    prompt: Without \`traceparent\`, what does the backend show?
    choices:
      - { id: one, text: One trace with a gap, feedback: Nothing carries the id across. }
      - { id: two, text: Two unrelated traces, correct: true, feedback: The callee starts a new trace. }
    explanation: Propagation carries the trace id.
  - id: spans-per-request
    type: numeric
    outcome: debug
    prompt: How many spans does one request make?
    answer: 4
    explanation: One per service.
`;

const { content, messages } = validateCourseContent({ quizzes: [{ file: 'content/quizzes/overview.yaml', text: BANK }], predictions: [] });
const hash = (id: string) => content.questions.get(id)!.hash;
const PASS_MARK = 0.7;

function memory(): StorageLike {
  const m = new Map<string, string>();
  return { getItem: (k) => m.get(k) ?? null, setItem: (k, v) => void m.set(k, v), removeItem: (k) => void m.delete(k) };
}

/** A learner whose stored scores add up to a pass, while today's graders fail one of the two responses. */
function learnerWithStaleScores() {
  const store = createProgressStore(memory(), { now: () => new Date('2025-03-14T10:00:00Z'), newId: () => 'learner-1' });
  // A wrong pick stored as right (an older grader's mistake), and a right number stored as right.
  store.recordAnswer({
    bank: 'overview',
    questionId: 'two-traces',
    hash: hash('two-traces'),
    response: { choice: 'one' },
    score: 1,
    correct: true,
  });
  store.recordAnswer({
    bank: 'overview',
    questionId: 'spans-per-request',
    hash: hash('spans-per-request'),
    response: { value: 4 },
    score: 0,
    correct: false,
  });
  return store.get();
}

describe('one progress summary', () => {
  it('the bank is valid', () => {
    expect(messages).toEqual([]);
  });

  it('shows today’s grade, not the stored score, on the progress page and in the gradebook', () => {
    const progress = learnerWithStaleScores();
    // What the progress page computes from the browser's store.
    const page = progressSummary({
      banks: bankOutlines(content),
      answers: progress.answers,
      questionFor: (id) => content.questions.get(id)?.question,
      passMark: PASS_MARK,
    });
    // What the grade command computes from the learner's exported file.
    const book = gradeLearner('learner.json', toExport(progress, { now: new Date('2025-03-15T00:00:00Z') }), content, PASS_MARK);
    for (const standing of [page, book.standing]) {
      expect(standing.quizzes[0]).toMatchObject({ answered: 2, score: 0.5, passed: false });
      expect(standing).toMatchObject({ total: 2, answered: 2, score: 0.5, passed: false });
    }
  });

  it('counts an answer to an older version of a question as not answered on both', () => {
    const progress = learnerWithStaleScores();
    progress.answers['spans-per-request'] = { ...progress.answers['spans-per-request']!, hash: 'an-older-version' };
    const page = progressSummary({
      banks: bankOutlines(content),
      answers: progress.answers,
      questionFor: (id) => content.questions.get(id)?.question,
      passMark: PASS_MARK,
    });
    const book = gradeLearner('learner.json', toExport(progress, { now: new Date('2025-03-15T00:00:00Z') }), content, PASS_MARK);
    for (const standing of [page, book.standing]) expect(standing).toMatchObject({ answered: 1, score: 0, passed: false });
    expect(book.standing.quizzes[0]!.stale).toBe(1);
  });
});
