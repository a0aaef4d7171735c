import { describe, expect, it } from 'vitest';
import type { GradeResult } from '../../../src/course/question-types/define.ts';
import {
  initialSession,
  keptDrafts,
  questionStatuses,
  sessionReducer,
  sessionScore,
  type SessionEvent,
  type SessionQuestion,
  type SessionState,
  type StoredAnswer,
} from '../../../src/course/quiz-session.ts';

// The quiz's states and transitions, without a page: what the learner sees
// (open, being checked, answered with a result), what a screen reader hears,
// and the score line.

const BANK = { id: 'b', title: 'Check your understanding', lesson: 'overview' };
const QUESTIONS: SessionQuestion[] = [
  { id: 'pick', hash: 'h1', typed: false },
  { id: 'query', hash: 'h2', typed: true },
];

const right: GradeResult = { score: 1, correct: true, feedback: [], misconceptions: [], wrong: [] };
const half: GradeResult = { score: 0.5, correct: false, feedback: [], misconceptions: [], wrong: [] };

/** Today's grades of the stored responses, by response text: what a grader would say. */
const grades: Record<string, GradeResult> = { 'a-right': right, 'q-half': half, 'q-right': right };
const grade = (_id: string, response: unknown) => grades[String((response as { r: string }).r)] ?? null;

function run(...events: SessionEvent[]): SessionState {
  return events.reduce(sessionReducer, initialSession());
}

const answer = (r: string, hash: string, attempts = 1): StoredAnswer => ({ hash, response: { r }, attempts });

describe('a question moves from answering to checking to answered', () => {
  it('is open until checked, ignores typing while its check runs, and focuses the feedback once checked', () => {
    let s = initialSession();
    expect(questionStatuses(s, QUESTIONS, {}, grade).map((q) => q.phase)).toEqual(['answering', 'answering']);
    s = sessionReducer(s, { type: 'draft', id: 'pick', draft: { r: 'a-right' } });
    s = sessionReducer(s, { type: 'check', id: 'pick' });
    expect(questionStatuses(s, QUESTIONS, {}, grade)[0]!.phase).toBe('checking');
    const during = sessionReducer(s, { type: 'draft', id: 'pick', draft: { r: 'changed' } });
    expect(during.drafts['pick']).toEqual({ r: 'a-right' });
    s = sessionReducer(s, { type: 'checked', id: 'pick', index: 0, result: right, completion: null, passMark: 0.7 });
    const after = questionStatuses(s, QUESTIONS, { pick: answer('a-right', 'h1') }, grade);
    expect(after[0]).toMatchObject({ phase: 'answered', result: right, stale: false });
    expect(s.announcement).toBe('Question 1: right.');
    expect(s.focus).toMatchObject({ id: 'pick', to: 'result' });
  });

  it('says how partly right an answer is', () => {
    const s = run(
      { type: 'check', id: 'query' },
      { type: 'checked', id: 'query', index: 1, result: half, completion: null, passMark: 0.7 },
    );
    expect(s.announcement).toBe('Question 2: partly right, 50%.');
  });

  it('goes back to answering with the reason when the answer cannot be read', () => {
    const s = run(
      { type: 'check', id: 'query' },
      { type: 'rejected', id: 'query', index: 1, why: 'a traceql question expects { "query": "…" }' },
    );
    expect(questionStatuses(s, QUESTIONS, {}, grade)[1]!.phase).toBe('answering');
    expect(s.errors['query']).toBe('This answer could not be read: a traceql question expects { "query": "…" }.');
    expect(s.announcement).toBe('Question 2: this answer could not be read.');
  });

  it('announces the quiz result when the last check finishes it', () => {
    const completion = { bank: 'b', title: 'T', lesson: 'overview', total: 2, answered: 2, stale: 0, score: 0.75, passed: true };
    const s = run({ type: 'check', id: 'query' }, { type: 'checked', id: 'query', index: 1, result: half, completion, passMark: 0.7 });
    expect(s.announcement).toBe('Question 2: partly right, 50%. Quiz complete: 75%, passed (pass mark 70%).');
  });
});

describe('stored answers', () => {
  it('shows a current answer with today’s grade and counts an answer to an older version as not answered', () => {
    const statuses = questionStatuses(
      initialSession(),
      QUESTIONS,
      { pick: answer('a-right', 'h1', 3), query: answer('q-right', 'old') },
      grade,
    );
    expect(statuses[0]).toMatchObject({ phase: 'answered', result: right, stored: { attempts: 3 } });
    expect(statuses[1]).toMatchObject({ phase: 'answering', stale: true, result: null });
    const score = sessionScore(BANK, QUESTIONS, statuses, 0.7);
    expect(score.standing).toMatchObject({ answered: 1, stale: 1, score: 0.5, passed: false });
    expect(score.finished).toBe(false);
  });

  it('waits, without counting it, while the grader of a stored answer loads', () => {
    const notLoaded = () => null;
    const statuses = questionStatuses(initialSession(), QUESTIONS, { query: answer('q-right', 'h2') }, notLoaded);
    expect(statuses[1]!.phase).toBe('waiting');
    expect(sessionScore(BANK, QUESTIONS, statuses, 0.7).standing.answered).toBe(0);
  });

  it('scores the quiz from the grades, finished once every question is answered and none is open', () => {
    const answers = { pick: answer('a-right', 'h1'), query: answer('q-half', 'h2') };
    const statuses = questionStatuses(initialSession(), QUESTIONS, answers, grade);
    const score = sessionScore(BANK, QUESTIONS, statuses, 0.7);
    expect(score).toMatchObject({ points: 1.5, finished: true, missed: ['query'] });
    expect(score.standing).toMatchObject({ score: 0.75, passed: true });
  });
});

describe('retry and review', () => {
  const answers = { pick: answer('a-right', 'h1'), query: answer('q-half', 'h2') };

  it('reopens questions: a typed answer comes back to be corrected, picks start afresh, the review closes', () => {
    const before = run({ type: 'review' }, { type: 'draft', id: 'pick', draft: { r: 'old pick' } });
    expect(before.review).toBe(true);
    const statuses = questionStatuses(before, QUESTIONS, answers, grade);
    const ids = ['pick', 'query'];
    const s = sessionReducer(before, {
      type: 'retry',
      ids,
      what: 'All questions are open again.',
      keep: keptDrafts(QUESTIONS, statuses, ids),
    });
    expect(s.drafts).toEqual({ query: { r: 'q-half' } });
    expect(s.review).toBe(false);
    expect(s.announcement).toBe('All questions are open again.');
    expect(s.focus).toMatchObject({ id: 'pick', to: 'question' });
    const reopened = questionStatuses(s, QUESTIONS, answers, grade);
    expect(reopened.map((q) => q.phase)).toEqual(['answering', 'answering']);
    // Reopened answers still count until they are checked again, but the quiz is not finished.
    expect(sessionScore(BANK, QUESTIONS, reopened, 0.7)).toMatchObject({ finished: false, points: 1.5 });
  });

  it('closes a reopened question again once it is checked', () => {
    const s = run(
      { type: 'retry', ids: ['query'], what: 'Question 2 is open again.', keep: {} },
      { type: 'check', id: 'query' },
      { type: 'checked', id: 'query', index: 1, result: right, completion: null, passMark: 0.7 },
    );
    const statuses = questionStatuses(s, QUESTIONS, { pick: answer('a-right', 'h1'), query: answer('q-right', 'h2', 2) }, grade);
    expect(statuses[1]).toMatchObject({ phase: 'answered', stored: { attempts: 2 } });
    expect(sessionScore(BANK, QUESTIONS, statuses, 0.7)).toMatchObject({ finished: true, points: 2, missed: [] });
  });
});
