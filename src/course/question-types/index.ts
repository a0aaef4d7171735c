import '../../schemas/csp-safe-zod.ts';
import { z } from 'zod';
import { definitionOf, loadQuestionTypes } from './registry.ts';
import { QUESTION_TYPES, type Question, type QuestionInput, type QuestionType } from './types.ts';

// Every question type, loaded before anything runs: what node code imports
// (the build's content checks, the grade command, tests). Pages import
// registry.ts, which loads a type only when a question of it needs grading.

const types = Object.keys(QUESTION_TYPES) as QuestionType[];
await loadQuestionTypes(types);

type Discriminable = z.core.$ZodTypeDiscriminable;
// In the list's order: an unknown type's message lists the types in it.
const schemas = types.map((t) => definitionOf(t)!.schema as unknown as Discriminable);

/** A question of any type, as written in a bank: the union of the types' own schemas, told apart by `type`. */
export const QuestionSchema = z.discriminatedUnion('type', schemas as [Discriminable, ...Discriminable[]]) as unknown as z.ZodType<
  Question,
  QuestionInput
>;

export * from './registry.ts';
