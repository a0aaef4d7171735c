import type { Misconception } from '../schemas/misconception.ts';
import type { ChoicePrediction, FactValue, PredictionBank, RunFactKey } from '../schemas/prediction.ts';
import type { QuizBank } from './quiz-bank.ts';
import { fieldName } from '../shared/friendly-errors/friendly-issue.ts';
import type { ContentIssue } from './content-issues.ts';
import { checkQuestion } from './question-types/index.ts';
import { duplicates, quoteList } from './question-types/define.ts';

// Checks beyond shape: what zod cannot see inside one field.

export interface LocatedIssue {
  /** Index of the question/prediction in its bank, or null for the bank itself. */
  index: number | null;
  issue: ContentIssue;
}

export interface KnownIds {
  misconceptions: ReadonlySet<string>;
  misconceptionFile: string;
  misconceptionsExist: boolean;
}

/** Every `misconception:` reference inside an object, with its field path. */
export function misconceptionRefs(value: unknown, path: PropertyKey[] = []): { field: string; id: string }[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => misconceptionRefs(v, [...path, i]));
  if (value && typeof value === 'object') {
    return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) =>
      k === 'misconception' && typeof v === 'string' ? [{ field: fieldName([...path, k]), id: v }] : misconceptionRefs(v, [...path, k]),
    );
  }
  return [];
}

export function checkQuizBank(file: string, stem: string, bank: QuizBank, known: KnownIds): LocatedIssue[] {
  const out: LocatedIssue[] = [];
  if (bank.id !== stem) {
    out.push({
      index: null,
      issue: {
        file,
        field: 'id',
        problem: `bank id "${bank.id}" does not match the file name "${stem}.yaml"`,
        fix: `set \`id: ${stem}\`, or rename the file to ${bank.id}.yaml`,
      },
    });
  }
  const dup = duplicates(bank.questions.map((q) => q.id));
  bank.questions.forEach((q, index) => {
    const item = { kind: 'question' as const, id: q.id };
    if (dup.includes(q.id) && bank.questions.findIndex((o) => o.id === q.id) !== index) {
      out.push({
        index,
        issue: {
          file,
          item,
          field: 'id',
          problem: 'this id is used by another question in the same bank',
          fix: 'give each question its own id',
        },
      });
    }
    for (const p of checkQuestion(q)) out.push({ index, issue: { file, item, ...p } });
    for (const ref of misconceptionRefs(q)) {
      if (known.misconceptions.has(ref.id)) continue;
      out.push({
        index,
        issue: {
          file,
          item,
          field: ref.field,
          problem: `misconception "${ref.id}" is not defined${known.misconceptionsExist ? ` in ${known.misconceptionFile}` : ` (${known.misconceptionFile} does not exist)`}`,
          fix: `add \`- id: ${ref.id}\` with a \`label:\` to ${known.misconceptionFile}, or correct the id`,
        },
      });
    }
  });
  return out;
}

const FACT_TYPES: Record<RunFactKey, { test: (v: FactValue) => boolean; write: string }> = {
  traceCount: { test: (v) => typeof v === 'number', write: 'a number of traces' },
  spanCount: { test: (v) => typeof v === 'number', write: 'a number of spans' },
  orphanSpans: { test: (v) => typeof v === 'number', write: 'a number of spans' },
  slowestChildSpan: { test: (v) => typeof v === 'string', write: 'a span name in quotes' },
  errorSpans: { test: (v) => Array.isArray(v), write: 'a list of span names, such as [authorize_payment]' },
  rootStatusCode: { test: (v) => typeof v === 'number' || v === null, write: 'an HTTP status code, or null' },
};

function checkChoicePrediction(file: string, p: ChoicePrediction): ContentIssue[] {
  const item = { kind: 'prediction' as const, id: p.id };
  const out: ContentIssue[] = [];
  const ids = p.choices.map((c) => c.id);
  if (p.choices.length < 2) {
    out.push({
      file,
      item,
      field: 'choices',
      problem: `has ${p.choices.length} choice${p.choices.length === 1 ? '' : 's'}, a prediction needs at least 2`,
      fix: 'add the answers learners are likely to predict',
    });
  }
  const dup = duplicates(ids);
  if (dup.length)
    out.push({
      file,
      item,
      field: 'choices',
      problem: `choice id ${quoteList(dup)} is used more than once`,
      fix: 'give every choice its own id',
    });
  if (!ids.includes(p.answer)) {
    out.push({
      file,
      item,
      field: 'answer',
      problem: `"${p.answer}" is not one of the choices (${quoteList(ids)})`,
      fix: 'set `answer:` to the id of the right choice',
    });
  }
  if (p.check) {
    const { fact, expect } = p.check;
    for (const [choice, value] of Object.entries(expect)) {
      if (!ids.includes(choice)) {
        out.push({
          file,
          item,
          field: `check.expect.${choice}`,
          problem: `"${choice}" is not one of the choices (${quoteList(ids)})`,
          fix: 'use the choice ids as keys of `expect`',
        });
      } else if (!FACT_TYPES[fact].test(value)) {
        out.push({
          file,
          item,
          field: `check.expect.${choice}`,
          problem: `${JSON.stringify(value)} cannot be a value of ${fact}`,
          fix: `write ${FACT_TYPES[fact].write}`,
        });
      }
    }
    if (ids.includes(p.answer) && !(p.answer in expect)) {
      out.push({
        file,
        item,
        field: 'check.expect',
        problem: `has no value for the right choice "${p.answer}", so the sandbox cannot confirm it`,
        fix: `add \`${p.answer}: <the ${fact} the scenario produces>\``,
      });
    }
    const seen = new Map<string, string>();
    for (const [choice, value] of Object.entries(expect)) {
      const key = JSON.stringify(Array.isArray(value) ? [...value].sort() : value);
      const other = seen.get(key);
      if (other) {
        out.push({
          file,
          item,
          field: `check.expect.${choice}`,
          problem: `predicts the same ${fact} as "${other}", so a run cannot tell them apart`,
          fix: 'give each choice a different expected value, or drop one from `expect`',
        });
      }
      seen.set(key, choice);
    }
  }
  return out;
}

export function checkPredictionBank(file: string, stem: string, bank: PredictionBank): LocatedIssue[] {
  const out: LocatedIssue[] = [];
  if (bank.lesson !== stem) {
    out.push({
      index: null,
      issue: {
        file,
        field: 'lesson',
        problem: `lesson "${bank.lesson}" does not match the file name "${stem}.yaml"`,
        fix: `set \`lesson: ${stem}\`, or rename the file to ${bank.lesson}.yaml`,
      },
    });
  }
  bank.predictions.forEach((p, index) => {
    if (p.kind === 'choice') for (const issue of checkChoicePrediction(file, p)) out.push({ index, issue });
  });
  return out;
}

/** Ids must be unique across all banks: progress and exports key answers by id alone. */
export function crossCheck(
  quizzes: { file: string; bank: QuizBank }[],
  predictions: { file: string; bank: PredictionBank }[],
  misconceptions: Misconception[],
  misconceptionFile: string,
): ContentIssue[] {
  const out: ContentIssue[] = [];
  const owner = new Map<string, string>();
  const claim = (id: string, file: string, kind: 'question' | 'prediction') => {
    const first = owner.get(id);
    if (first !== undefined && first !== file) {
      out.push({
        file,
        item: { kind, id },
        field: 'id',
        problem: `this id is already used in ${first}`,
        fix: 'rename one of them: ids must be unique across all quiz and prediction banks, because answers are stored by id',
      });
    } else if (first === undefined) owner.set(id, file);
  };
  for (const { file, bank } of quizzes) for (const q of bank.questions) claim(q.id, file, 'question');
  for (const { file, bank } of predictions) for (const p of bank.predictions) claim(p.id, file, 'prediction');

  const lessons = new Map<string, string>();
  for (const { file, bank } of quizzes) {
    // The module bank and lesson banks are distinct; two banks on one lesson would split its score.
    const other = lessons.get(bank.lesson);
    if (other) {
      out.push({
        file,
        field: 'lesson',
        problem: `lesson "${bank.lesson}" already has the bank ${other}`,
        fix: 'merge the two banks, or correct `lesson:`',
      });
    } else lessons.set(bank.lesson, file);
  }

  for (const id of duplicates(misconceptions.map((m) => m.id))) {
    out.push({
      file: misconceptionFile,
      item: { kind: 'misconception', id },
      problem: 'is defined more than once',
      fix: 'keep one definition',
    });
  }
  return out;
}
