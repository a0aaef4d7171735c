import '../schemas/csp-safe-zod.ts';
import { z } from 'zod';
import { QuestionSchema } from './question-types/index.ts';
import { KebabIdSchema, LessonSlugSchema } from '../schemas/question.ts';

/** content/quizzes/<id>.yaml: one bank per lesson, plus `module` for the end-of-module quiz. */
export const QuizBankSchema = z.strictObject({
  id: KebabIdSchema,
  title: z.string().trim().min(1),
  lesson: LessonSlugSchema,
  /**
   * An exam: the site ships no key (each type's examQuestion form only), the
   * learner submits once and sees no score, and the grade command grades.
   * content/course.yaml can make a bank an exam too (`examBanks`).
   */
  exam: z.boolean().default(false),
  questions: z.array(QuestionSchema).min(1),
});
export type QuizBank = z.output<typeof QuizBankSchema>;
export type QuizBankInput = z.input<typeof QuizBankSchema>;
