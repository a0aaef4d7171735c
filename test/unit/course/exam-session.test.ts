import { describe, expect, it } from 'vitest';
import {
  confirmQuestion,
  examAnswered,
  examPhase,
  examReducer,
  initialExam,
  type ExamEvent,
  type SessionQuestion,
} from '../../../src/course/quiz-session.ts';

// An exam on a page: answered and changed freely, submitted once after a
// confirmation, then fixed. No grade anywhere: what the learner hears is about
// submitting, never about being right.

const QUESTIONS: SessionQuestion[] = [
  { id: 'pick', hash: 'h1', typed: false },
  { id: 'number', hash: 'h2', typed: false },
  { id: 'query', hash: 'h3', typed: true },
];

const run = (...events: ExamEvent[]) => events.reduce(examReducer, initialExam());

describe('exam phases', () => {
  it('starts open for answers', () => {
    expect(examPhase(initialExam(), undefined)).toBe('answering');
  });

  it('asks for a confirmation before submitting, naming what is unanswered', () => {
    const s = run({ type: 'submit', unanswered: 2 });
    expect(examPhase(s, undefined)).toBe('confirming');
    expect(s.announcement).toBe('Submit the exam? You cannot change your answers afterwards. 2 questions are still unanswered.');
  });

  it('says nothing is unanswered when every question has an answer', () => {
    expect(confirmQuestion(0)).toBe('Submit the exam? You cannot change your answers afterwards.');
    expect(confirmQuestion(1)).toContain('1 question is still unanswered.');
  });

  it('goes back to answering when the learner does not confirm', () => {
    const s = run({ type: 'submit', unanswered: 0 }, { type: 'cancel' });
    expect(examPhase(s, undefined)).toBe('answering');
    expect(s.announcement).toBe('Not submitted: you can still change your answers.');
  });

  it('is submitted once confirmed, and tells no score', () => {
    const s = run({ type: 'submit', unanswered: 0 }, { type: 'confirmed' });
    expect(examPhase(s, '2026-11-28T12:00:00.000Z')).toBe('submitted');
    expect(s.announcement).toBe('Submitted. Your instructor grades the exam.');
    expect(s.announcement).not.toMatch(/right|wrong|score|%/i);
  });

  it('is submitted whenever the store has a submission time (a reload, another tab), even on a fresh page', () => {
    expect(examPhase(initialExam(), '2026-11-28T12:00:00.000Z')).toBe('submitted');
    expect(examPhase(run({ type: 'submit', unanswered: 1 }), '2026-11-28T12:00:00.000Z')).toBe('submitted');
  });
});

describe('exam answers', () => {
  it('counts only answers to the current version of each question', () => {
    const answers = {
      pick: { hash: 'h1', response: { choice: 'a' }, attempts: 1 },
      number: { hash: 'old', response: { value: 3 }, attempts: 2 },
    };
    expect(examAnswered(QUESTIONS, answers)).toBe(1);
    expect(examAnswered(QUESTIONS, {})).toBe(0);
  });
});
