import type { GradeResult } from './define.ts';

/** A response that cannot be graded scores 0 and says why; grading never throws. */
export function malformedResult(message: string): GradeResult {
  return {
    score: 0,
    correct: false,
    feedback: [{ kind: 'message', tone: 'wrong', text: `This answer could not be read: ${message}.` }],
    misconceptions: [],
    wrong: [],
    malformed: message,
  };
}
