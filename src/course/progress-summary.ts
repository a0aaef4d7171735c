import { grade as gradeNow, questionTypeReady, type GradeResult, type Question } from './question-types/registry.ts';
import { gradedLookup, moduleStanding, type BankOutline, type ModuleStanding, type StoredResponse } from './scoring.ts';

// A learner's standing in the module, as the progress page and the gradebook
// both show it: every stored response graded again with today's graders
// against today's questions. The score stored beside a response (by the
// browser, or in an exported file) is never read, so a grader fix changes
// what both show, and an edited file cannot pass.

export interface SummaryInput {
  banks: readonly BankOutline[];
  /** The latest stored response to each question, by question id. */
  answers: Readonly<Record<string, StoredResponse>>;
  questionFor(id: string): Question | undefined;
  passMark: number;
  /**
   * How to grade a response now; defaults to the registry's grader, where the
   * type is loaded (a page loads a type's grader before asking). The gradebook
   * passes the grades it has already made with the same grader.
   */
  grade?: (question: Question, response: unknown) => GradeResult | null;
}

function gradeIfLoaded(question: Question, response: unknown): GradeResult | null {
  return questionTypeReady(question.type) ? gradeNow(question, response) : null;
}

export function progressSummary({ banks, answers, questionFor, passMark, grade = gradeIfLoaded }: SummaryInput): ModuleStanding {
  return moduleStanding(banks, gradedLookup(answers, questionFor, grade), passMark);
}
