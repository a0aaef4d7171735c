import { isMap, isNode, isScalar, LineCounter, parseDocument, type Document } from 'yaml';
import type { z } from 'zod';
import { MisconceptionListSchema, type Misconception } from '../schemas/misconception.ts';
import { PredictionBankSchema, type Prediction, type PredictionBank } from '../schemas/prediction.ts';
import { LESSON_SLUGS } from '../schemas/question.ts';
import { QuizBankSchema, type QuizBank } from './quiz-bank.ts';
import { contentHash } from './content-hash.ts';
import { describeZodIssue, fieldName, fieldPath, formatIssue, schemaFieldNames, type ContentIssue } from './content-issues.ts';
import { checkPredictionBank, checkQuizBank, crossCheck } from './content-checks.ts';
import type { Question } from './question-types/index.ts';
import type { BankOutline } from './scoring.ts';

// Validates the course's question content: quiz banks, prediction banks and
// the misconception list. Pure over file texts (tests give strings); the
// fs loader is in load-content.ts.

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
  /** One line per issue (formatIssue). */
  messages: string[];
}

export class CourseContentError extends Error {
  readonly issues: ContentIssue[];
  constructor(issues: ContentIssue[]) {
    const lines = issues.map(formatIssue);
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
  doc: Document.Parsed;
  lines: LineCounter;
  data: unknown;
}

function parseYaml(src: SourceFile, issues: ContentIssue[]): Parsed | null {
  const lines = new LineCounter();
  const doc = parseDocument(src.text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const err = doc.errors[0];
  if (err) {
    const line = err.linePos?.[0]?.line ?? lines.linePos(err.pos[0]).line;
    const message = err.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
    issues.push({
      file: src.file,
      ...(line ? { line } : {}),
      problem: `is not valid YAML (${message})`,
      fix:
        err.code === 'DUPLICATE_KEY'
          ? 'remove or rename the repeated key'
          : 'check the indentation and quoting on this line and the one above',
    });
    return null;
  }
  return { doc, lines, data: doc.toJS() };
}

/** Line of the node at `path`, or of its nearest ancestor that exists. */
function lineAt(parsed: Parsed, path: readonly PropertyKey[], key?: string): number | undefined {
  for (let n = path.length; n >= 0; n--) {
    const node = n === 0 ? parsed.doc.contents : parsed.doc.getIn(path.slice(0, n) as unknown[], true);
    if (!isNode(node)) continue;
    if (key && n === path.length && isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && p.key.value === key);
      if (pair && isNode(pair.key) && pair.key.range) return parsed.lines.linePos(pair.key.range[0]).line;
    }
    // A field's line is the line of its key, not of its (possibly multi-line) value.
    const last = path[n - 1];
    if (n > 0 && typeof last === 'string') {
      const parent = n === 1 ? parsed.doc.contents : parsed.doc.getIn(path.slice(0, n - 1) as unknown[], true);
      if (isMap(parent)) {
        const pair = parent.items.find((p) => isScalar(p.key) && p.key.value === last);
        if (pair && isNode(pair.key) && pair.key.range) return parsed.lines.linePos(pair.key.range[0]).line;
      }
    }
    if (node.range) return parsed.lines.linePos(node.range[0]).line;
  }
  return undefined;
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

function zodIssues(
  src: SourceFile,
  parsed: Parsed,
  error: z.ZodError,
  listKey: string | null,
  kind: ItemKind,
  knownFields: ReadonlySet<string>,
): ContentIssue[] {
  return error.issues.map((issue) => {
    const { item, field } = locate(parsed.data, issue.path, listKey, kind);
    const key = issue.code === 'unrecognized_keys' ? issue.keys[0] : undefined;
    const line = lineAt(parsed, issue.path, key);
    const { problem, fix } = describeZodIssue(issue, {
      knownFields,
      listNoun: { questions: 'question', predictions: 'prediction', choices: 'choice', items: 'item', accepted: 'answer' },
    });
    return {
      file: src.file,
      ...(line ? { line } : {}),
      ...(item ? { item } : {}),
      ...(field ? { field } : {}),
      problem,
      fix,
    };
  });
}

const quizFields = schemaFieldNames(QuizBankSchema);
const predictionFields = schemaFieldNames(PredictionBankSchema);
const misconceptionFields = schemaFieldNames(MisconceptionListSchema);

/** Adds a line number to a semantic issue from its item and field. */
function withLine(parsed: Parsed, listKey: string, index: number, issue: ContentIssue): ContentIssue {
  const path = [listKey, index, ...(issue.field ? fieldPath(issue.field) : [])];
  const line = lineAt(parsed, path);
  return line ? { ...issue, line } : issue;
}

export function validateCourseContent(sources: ContentSources): ValidationResult {
  const issues: ContentIssue[] = [];
  const quizzes: { src: SourceFile; parsed: Parsed; bank: QuizBank }[] = [];
  const predictions: { src: SourceFile; parsed: Parsed; bank: PredictionBank }[] = [];
  let misconceptions: Misconception[] = [];

  if (sources.misconceptions) {
    const parsed = parseYaml(sources.misconceptions, issues);
    if (parsed) {
      const r = MisconceptionListSchema.safeParse(parsed.data ?? [], { reportInput: true });
      if (r.success) misconceptions = r.data;
      else issues.push(...zodIssues(sources.misconceptions, parsed, r.error, null, 'misconception', misconceptionFields));
    }
  }

  for (const src of sources.quizzes) {
    const parsed = parseYaml(src, issues);
    if (!parsed) continue;
    const r = QuizBankSchema.safeParse(parsed.data, { reportInput: true });
    if (!r.success) {
      issues.push(...zodIssues(src, parsed, r.error, 'questions', 'question', quizFields));
      continue;
    }
    quizzes.push({ src, parsed, bank: r.data });
  }

  for (const src of sources.predictions) {
    const parsed = parseYaml(src, issues);
    if (!parsed) continue;
    const r = PredictionBankSchema.safeParse(parsed.data, { reportInput: true });
    if (!r.success) {
      issues.push(...zodIssues(src, parsed, r.error, 'predictions', 'prediction', predictionFields));
      continue;
    }
    predictions.push({ src, parsed, bank: r.data });
  }

  const misconceptionFile = sources.misconceptions?.file ?? 'content/misconceptions.yaml';
  const known = {
    misconceptions: new Set(misconceptions.map((m) => m.id)),
    misconceptionFile,
    misconceptionsExist: sources.misconceptions !== undefined,
  };
  for (const q of quizzes) {
    for (const { index, issue } of checkQuizBank(q.src.file, fileStem(q.src.file), q.bank, known)) {
      issues.push(index === null ? { ...issue, ...lineOfTop(q.parsed, issue) } : withLine(q.parsed, 'questions', index, issue));
    }
  }
  for (const p of predictions) {
    for (const { index, issue } of checkPredictionBank(p.src.file, fileStem(p.src.file), p.bank)) {
      issues.push(index === null ? { ...issue, ...lineOfTop(p.parsed, issue) } : withLine(p.parsed, 'predictions', index, issue));
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
    if (owner && index >= 0) issues.push(withLine(owner.parsed, owner.listKey, index, issue));
    else if (owner) issues.push({ ...issue, ...lineOfTop(owner.parsed, issue) });
    else issues.push(issue);
  }

  const content: CourseContent = {
    // Course order (the lesson each bank belongs to), so keys and gradebooks read like the sidebar.
    quizzes: quizzes
      .map((q) => q.bank)
      .sort((a, b) => LESSON_SLUGS.indexOf(a.lesson) - LESSON_SLUGS.indexOf(b.lesson) || a.id.localeCompare(b.id)),
    predictions: predictions.map((p) => p.bank).sort((a, b) => a.lesson.localeCompare(b.lesson)),
    misconceptions,
    questions: new Map(),
    predictionsById: new Map(),
  };
  for (const bank of content.quizzes) {
    for (const question of bank.questions) {
      if (!content.questions.has(question.id)) {
        content.questions.set(question.id, { bank: bank.id, question, hash: contentHash(question) });
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
  return { content, issues, messages: issues.map(formatIssue) };
}

function lineOfTop(parsed: Parsed, issue: ContentIssue): { line?: number } {
  const line = issue.field ? lineAt(parsed, fieldPath(issue.field)) : undefined;
  return line ? { line } : {};
}

/** Bank ids, titles and question hashes: enough to score progress without the full questions. */
export function bankOutlines(content: CourseContent): BankOutline[] {
  return content.quizzes.map((bank) => ({
    id: bank.id,
    title: bank.title,
    lesson: bank.lesson,
    questions: bank.questions.map((q) => ({ id: q.id, hash: content.questions.get(q.id)?.hash ?? '' })),
  }));
}
