import type { z } from 'zod';
import { MisconceptionListSchema, type Misconception } from '../schemas/misconception.ts';
import { PredictionBankSchema, type Prediction, type PredictionBank } from '../schemas/prediction.ts';
import { KEBAB_ADVICE, LESSON_SLUGS } from '../schemas/question.ts';
import { fieldName, fieldPath, type Position } from '../shared/friendly-errors/friendly-issue.ts';
import { readLocatedYaml } from '../shared/friendly-errors/located-yaml.ts';
import { describeZodError, schemaFieldNames, type IssueWords } from '../shared/friendly-errors/zod-issue.ts';
import { QuizBankSchema, type QuizBank } from './quiz-bank.ts';
import { contentHash } from './content-hash.ts';
import { formatContentIssue, type ContentIssue } from './content-issues.ts';
import { checkPredictionBank, checkQuizBank, crossCheck } from './content-checks.ts';
import { checkItemRules, type ItemFinding } from './item-rules.ts';
import { examQuestion, type Question } from './question-types/index.ts';
import type { BankOutline } from './scoring.ts';

// Validates the course's question content: quiz banks, prediction banks and
// the misconception list. Pure over file texts (tests give strings); the
// file reading is in src/node/ (load-content.ts for the grade command,
// content-loader.ts for the build's content collections).

export interface SourceFile {
  /** Path as shown in messages, e.g. content/quizzes/trace-anatomy.yaml */
  file: string;
  text: string;
}

export interface ContentSources {
  quizzes: SourceFile[];
  predictions: SourceFile[];
  misconceptions?: SourceFile | undefined;
}

export interface IndexedQuestion {
  bank: string;
  question: Question;
  hash: string;
}

export interface IndexedPrediction {
  lesson: string;
  prediction: Prediction;
  hash: string;
}

export interface CourseContent {
  quizzes: QuizBank[];
  predictions: PredictionBank[];
  misconceptions: Misconception[];
  questions: Map<string, IndexedQuestion>;
  predictionsById: Map<string, IndexedPrediction>;
}

export interface ValidationResult {
  content: CourseContent;
  issues: ContentIssue[];
  /** One line per issue (formatContentIssue). */
  messages: string[];
}

export class CourseContentError extends Error {
  readonly issues: ContentIssue[];
  constructor(issues: ContentIssue[]) {
    const lines = issues.map(formatContentIssue);
    super(`${issues.length} problem${issues.length === 1 ? '' : 's'} in the course content:\n${lines.join('\n')}`);
    this.name = 'CourseContentError';
    this.issues = issues;
  }
}

export function fileStem(file: string): string {
  const base = file.split(/[\\/]/).pop() ?? file;
  return base.replace(/\.ya?ml$/i, '');
}

interface Parsed {
  data: unknown;
  at: (path: readonly PropertyKey[], key?: string) => Position;
}

function parseYaml(src: SourceFile, issues: ContentIssue[]): Parsed | null {
  const read = readLocatedYaml(src.text);
  if (!read.ok) {
    issues.push({ ...read.issue, file: src.file, problem: `is ${read.issue.problem}` });
    return null;
  }
  return { data: read.value, at: read.at };
}

type ItemKind = 'question' | 'prediction' | 'misconception';

/** Splits a zod path into the item it points into (questions[3]) and the field inside it. */
function locate(
  data: unknown,
  path: readonly PropertyKey[],
  listKey: string | null,
  kind: ItemKind,
): { item?: ContentIssue['item']; field: string } {
  const listed = listKey === null ? path.length >= 1 && typeof path[0] === 'number' : path[0] === listKey && typeof path[1] === 'number';
  if (!listed) return { field: fieldName(path) };
  const index = (listKey === null ? path[0] : path[1]) as number;
  const rest = path.slice(listKey === null ? 1 : 2);
  const list = listKey === null ? data : (data as Record<string, unknown> | null)?.[listKey];
  const raw = Array.isArray(list) ? (list[index] as { id?: unknown } | undefined) : undefined;
  const id = typeof raw?.id === 'string' && raw.id ? raw.id : `#${index + 1} (no id)`;
  return { item: { kind, id }, field: fieldName(rest) };
}

const LIST_NOUNS = { questions: 'question', predictions: 'prediction', choices: 'choice', items: 'item', accepted: 'answer' };

function zodIssues(
  src: SourceFile,
  parsed: Parsed,
  error: z.ZodError,
  listKey: string | null,
  kind: ItemKind,
  words: IssueWords,
): ContentIssue[] {
  return describeZodError(error, words).map((issue) => {
    const { item, field } = locate(parsed.data, issue.path, listKey, kind);
    return {
      file: src.file,
      position: parsed.at(issue.path, issue.key),
      ...(item ? { item } : {}),
      ...(field ? { field } : {}),
      problem: issue.problem,
      fix: issue.fix,
    };
  });
}

const wordsFor = (schema: z.ZodType): IssueWords => ({
  knownFields: schemaFieldNames(schema),
  listNoun: LIST_NOUNS,
  patterns: KEBAB_ADVICE,
});
const quizWords = wordsFor(QuizBankSchema);
const predictionWords = wordsFor(PredictionBankSchema);
const misconceptionWords = wordsFor(MisconceptionListSchema);

/** Places a check's issue on the line of its item and field. */
function withPosition(parsed: Parsed, listKey: string, index: number, issue: ContentIssue): ContentIssue {
  return { ...issue, position: parsed.at([listKey, index, ...(issue.field ? fieldPath(issue.field) : [])]) };
}

/** Each file parsed and checked against its bank schema; the problems of the others go to `issues`. */
function readBanks<S extends z.ZodType>(
  files: SourceFile[],
  schema: S,
  listKey: string,
  kind: ItemKind,
  words: IssueWords,
  issues: ContentIssue[],
): { src: SourceFile; parsed: Parsed; bank: z.output<S> }[] {
  return files.flatMap((src) => {
    const parsed = parseYaml(src, issues);
    if (!parsed) return [];
    const r = schema.safeParse(parsed.data, { reportInput: true });
    if (r.success) return [{ src, parsed, bank: r.data }];
    issues.push(...zodIssues(src, parsed, r.error, listKey, kind, words));
    return [];
  });
}

export interface ValidationOptions {
  /** Apply the item-writing rules (item-rules.ts); the bank report turns them off to list the findings itself. */
  itemRules?: boolean;
  /** Banks content/course.yaml makes exams (indexCourseContent). */
  examBanks?: readonly string[];
}

export function validateCourseContent(sources: ContentSources, options: ValidationOptions = {}): ValidationResult {
  const issues: ContentIssue[] = [];
  let misconceptions: Misconception[] = [];

  if (sources.misconceptions) {
    const parsed = parseYaml(sources.misconceptions, issues);
    if (parsed) {
      const r = MisconceptionListSchema.safeParse(parsed.data ?? [], { reportInput: true });
      if (r.success) misconceptions = r.data;
      else issues.push(...zodIssues(sources.misconceptions, parsed, r.error, null, 'misconception', misconceptionWords));
    }
  }

  const quizzes = readBanks(sources.quizzes, QuizBankSchema, 'questions', 'question', quizWords, issues);
  const predictions = readBanks(sources.predictions, PredictionBankSchema, 'predictions', 'prediction', predictionWords, issues);

  const misconceptionFile = sources.misconceptions?.file ?? 'content/misconceptions.yaml';
  const known = {
    misconceptions: new Set(misconceptions.map((m) => m.id)),
    misconceptionFile,
    misconceptionsExist: sources.misconceptions !== undefined,
  };
  for (const q of quizzes) {
    for (const { index, issue } of checkQuizBank(q.src.file, fileStem(q.src.file), q.bank, known)) {
      issues.push(index === null ? { ...issue, ...positionOfTop(q.parsed, issue) } : withPosition(q.parsed, 'questions', index, issue));
    }
  }
  for (const p of predictions) {
    for (const { index, issue } of checkPredictionBank(p.src.file, fileStem(p.src.file), p.bank)) {
      issues.push(index === null ? { ...issue, ...positionOfTop(p.parsed, issue) } : withPosition(p.parsed, 'predictions', index, issue));
    }
  }
  const parsedByFile = new Map<string, { parsed: Parsed; listKey: string; ids: string[] }>([
    ...quizzes.map((q) => [q.src.file, { parsed: q.parsed, listKey: 'questions', ids: q.bank.questions.map((x) => x.id) }] as const),
    ...predictions.map(
      (p) => [p.src.file, { parsed: p.parsed, listKey: 'predictions', ids: p.bank.predictions.map((x) => x.id) }] as const,
    ),
  ]);
  const cross = crossCheck(
    quizzes.map((q) => ({ file: q.src.file, bank: q.bank })),
    predictions.map((p) => ({ file: p.src.file, bank: p.bank })),
    misconceptions,
    misconceptionFile,
  );
  for (const issue of cross) {
    const owner = parsedByFile.get(issue.file);
    const index = owner && issue.item ? owner.ids.lastIndexOf(issue.item.id) : -1;
    if (owner && index >= 0) issues.push(withPosition(owner.parsed, owner.listKey, index, issue));
    else if (owner) issues.push({ ...issue, ...positionOfTop(owner.parsed, issue) });
    else issues.push(issue);
  }

  // Item-writing rules (a key that is always the longest option, multiple-select
  // items keyed almost all right, unused misconceptions…) fail the build like a
  // schema error, on the line of the item they are about. They run only on
  // banks that are otherwise valid, so a broken bank is told its real problem first.
  if (issues.length === 0 && options.itemRules !== false) {
    const parsedFiles = new Map<string, Parsed>(
      [
        ...quizzes.map((q) => [q.src.file, q.parsed] as const),
        ...(sources.misconceptions ? [[misconceptionFile, parseYaml(sources.misconceptions, [])] as const] : []),
      ].filter((entry): entry is readonly [string, Parsed] => entry[1] !== null),
    );
    const report = checkItemRules(
      quizzes.map((q) => ({ file: q.src.file, bank: q.bank })),
      misconceptions,
      misconceptionFile,
    );
    for (const finding of report.findings) issues.push(itemRuleIssue(finding, parsedFiles.get(finding.file)));
  }

  const content = indexCourseContent(
    quizzes.map((q) => q.bank),
    predictions.map((p) => p.bank),
    misconceptions,
    options.examBanks,
  );
  return { content, issues, messages: issues.map(formatContentIssue) };
}

/**
 * The validated banks in course order, with every question and prediction
 * indexed by id with its content hash. validateCourseContent ends with this;
 * the build calls it on the banks its content collections hold (validated by
 * the same function when they were loaded).
 */
export function indexCourseContent(
  quizBanks: QuizBank[],
  predictionBanks: PredictionBank[],
  misconceptions: Misconception[],
  /** Banks content/course.yaml makes exams (`examBanks`), on top of those marked `exam: true`. */
  examBanks: readonly string[] = [],
): CourseContent {
  const banks = quizBanks.map((bank) => (examBanks.includes(bank.id) && !bank.exam ? { ...bank, exam: true } : bank));
  const content: CourseContent = {
    // Course order (the lesson each bank belongs to), so keys and gradebooks read like the sidebar.
    quizzes: banks.sort((a, b) => LESSON_SLUGS.indexOf(a.lesson) - LESSON_SLUGS.indexOf(b.lesson) || a.id.localeCompare(b.id)),
    predictions: [...predictionBanks].sort((a, b) => a.lesson.localeCompare(b.lesson)),
    misconceptions,
    questions: new Map(),
    predictionsById: new Map(),
  };
  for (const bank of content.quizzes) {
    for (const question of bank.questions) {
      if (!content.questions.has(question.id)) {
        // An exam's hash covers its public form only: the page ships the hash, and a hash over the key could be tried against guesses.
        const hash = contentHash(bank.exam ? examQuestion(question) : question);
        content.questions.set(question.id, { bank: bank.id, question, hash });
      }
    }
  }
  for (const bank of content.predictions) {
    for (const prediction of bank.predictions) {
      if (!content.predictionsById.has(prediction.id)) {
        content.predictionsById.set(prediction.id, { lesson: bank.lesson, prediction, hash: contentHash(prediction) });
      }
    }
  }
  return content;
}

/** An item-writing finding as a content issue, on the line of the item or option it names. */
function itemRuleIssue(finding: ItemFinding, parsed: Parsed | undefined): ContentIssue {
  const misconception = finding.rule === 'misconception-unused';
  return {
    file: finding.file,
    position: parsed?.at(finding.path),
    item: { kind: misconception ? 'misconception' : 'question', id: finding.id },
    problem: `${finding.problem} (item-writing rule ${finding.rule})`,
    fix: finding.fix,
  };
}

/** The position of a bank-level issue's field. */
function positionOfTop(parsed: Parsed, issue: ContentIssue): Pick<ContentIssue, 'position'> {
  return issue.field ? { position: parsed.at(fieldPath(issue.field)) } : {};
}

/** Bank ids, titles and question hashes: enough to score progress without the full questions. */
export function bankOutlines(content: CourseContent): BankOutline[] {
  return content.quizzes.map((bank) => ({
    id: bank.id,
    title: bank.title,
    lesson: bank.lesson,
    questions: bank.questions.map((q) => ({ id: q.id, hash: content.questions.get(q.id)?.hash ?? '' })),
    exam: bank.exam,
  }));
}
