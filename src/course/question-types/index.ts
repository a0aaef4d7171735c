import type { QuestionTypeDef } from './define.ts';
import { provideQuestionType, type Question } from './registry.ts';
import { samplingPolicy } from './sampling-policy.ts';
import { traceql } from './traceql.ts';

// Every question type, ready to grade synchronously: what node code imports
// (the build's content checks, the grade command, tests). Pages import
// registry.ts, which loads the engine-backed types only when a quiz needs them.

provideQuestionType('traceql', traceql as QuestionTypeDef<Extract<Question, { type: 'traceql' }>, unknown>);
provideQuestionType('sampling-policy', samplingPolicy as QuestionTypeDef<Extract<Question, { type: 'sampling-policy' }>, unknown>);

export * from './registry.ts';
