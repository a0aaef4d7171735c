import type { z } from 'zod';
import {
  EXPORT_FORMAT,
  EXPORT_VERSION,
  ExportAnswerSchema,
  ExportPredictionSchema,
  ExportQuizSchema,
  ExportVisitSchema,
  LearnerExportSchema,
  type LearnerExport,
} from '../schemas/export.ts';
import { PROGRESS_FORMAT, type AnswerRecord, type Progress } from '../schemas/progress.ts';
import { fieldName } from '../shared/friendly-errors/friendly-issue.ts';
import { describeZodError, schemaFieldNames } from '../shared/friendly-errors/zod-issue.ts';
import { mergeAnswers, mergePredictions, mergeQuizzes, mergeVisits, timeOf } from './progress-store.ts';
import { displayText, isUtf8, quoted } from './untrusted-text.ts';

// Export, import and the validation both the progress page and the grade
// command use: a file is either rejected with one line saying why, or read
// with every bad entry listed (and skipped) and every good entry kept.

export function toExport(progress: Progress, options: { now: Date; course?: { title?: string; url?: string } }): LearnerExport {
  return {
    format: EXPORT_FORMAT,
    version: EXPORT_VERSION,
    exportedAt: options.now.toISOString(),
    ...(options.course ? { course: options.course } : {}),
    learner: { id: progress.learner.id, name: progress.learner.name },
    answers: Object.entries(progress.answers)
      .map(([questionId, a]) => ({
        questionId,
        bank: a.bank,
        hash: a.hash,
        response: a.response,
        firstResponse: a.firstResponse,
        attempts: a.attempts,
        firstAnsweredAt: a.firstAnsweredAt,
        answeredAt: a.answeredAt,
        score: a.score,
      }))
      .sort((a, b) => a.bank.localeCompare(b.bank) || a.questionId.localeCompare(b.questionId)),
    quizzes: Object.entries(progress.quizzes)
      .map(([bank, q]) => ({ bank, ...q }))
      .sort((a, b) => a.bank.localeCompare(b.bank)),
    predictions: Object.entries(progress.predictions)
      .map(([id, p]) => ({ id, ...p }))
      .sort((a, b) => a.id.localeCompare(b.id)),
    visits: Object.entries(progress.visits)
      .map(([lesson, v]) => ({ lesson, ...v }))
      .sort((a, b) => a.lesson.localeCompare(b.lesson)),
    lab: { checked: [...progress.lab.checked].sort() },
  };
}

export function exportFileName(progress: Progress, now: Date): string {
  const who =
    progress.learner.name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 40) || progress.learner.id.slice(0, 8);
  return `tracing-course-${who}-${now.toISOString().slice(0, 10)}.json`;
}

export type ParsedExport = { ok: true; data: LearnerExport; problems: string[] } | { ok: false; error: string };

/** A value from the file inside a message: as JSON, escaped and cut short. */
function shownValue(value: unknown): string {
  if (typeof value === 'string') return quoted(value, 60);
  if (value === undefined) return 'undefined';
  if (value === null || typeof value !== 'object') return displayText(String(value), 60);
  return Array.isArray(value) ? 'a list' : 'an object';
}

/** Fields an export may hold, for "did you mean" on a renamed one. */
const EXPORT_FIELDS = schemaFieldNames(LearnerExportSchema);

/** One entry's (or the file's) problems, each as "field problem", in the site's wording (zod-issue.ts). */
function problemsText(error: z.ZodError): string[] {
  return describeZodError(error, { knownFields: EXPORT_FIELDS }).map((issue) => {
    const field = fieldName(issue.path);
    return field ? `${field} ${issue.problem}` : issue.problem;
  });
}

const LISTS = {
  answers: { schema: ExportAnswerSchema, idKey: 'questionId', noun: 'question' },
  quizzes: { schema: ExportQuizSchema, idKey: 'bank', noun: 'quiz' },
  predictions: { schema: ExportPredictionSchema, idKey: 'id', noun: 'prediction' },
  visits: { schema: ExportVisitSchema, idKey: 'lesson', noun: 'lesson' },
} as const;

/**
 * The rule for a byte-order mark, shared by every reader of an export: a
 * UTF-8 BOM (U+FEFF) at the very start is not part of the JSON and is dropped.
 * The progress page reads files with `Blob.text()`, which drops it already;
 * the grade command reads bytes (exportText) and keeps it for this rule; a
 * pasted text may carry one. parseExport applies it, so all three agree.
 */
export function stripByteOrderMark(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/**
 * An export file's bytes as text, the way the browser's `Blob.text()` reads
 * them (UTF-8, a byte that is not UTF-8 becomes U+FFFD), with the UTF-8 BOM
 * kept for parseExport's rule. A UTF-16 file (a BOM of FF FE or FE FF, as some
 * editors save "Unicode") is refused with the fix; bytes that are not UTF-8
 * are reported, since a name or answer then reads with U+FFFD in it.
 */
export function exportText(bytes: Uint8Array): { ok: true; text: string; problems: string[] } | { ok: false; error: string } {
  if (bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))) {
    return { ok: false, error: 'the file is saved as UTF-16; an export is UTF-8 text (download it again, or save it as UTF-8)' };
  }
  const problems = isUtf8(bytes)
    ? []
    : [
        'the file holds bytes that are not UTF-8 (it was saved by another program); they read as "\u{FFFD}" (U+FFFD), so check the name and answers',
      ];
  return { ok: true, text: new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes), problems };
}

/** How deep a list entry of an export may nest (one from the site nests 3 levels at most); a deeper entry is skipped before anything recurses into it. */
export const MAX_ENTRY_DEPTH = 32;

/** Whether `value` nests deeper than `limit` arrays and objects (iterative: no stack to overflow). */
function nestsDeeperThan(value: unknown, limit: number): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length) {
    const [v, depth] = stack.pop()!;
    if (!v || typeof v !== 'object') continue;
    if (depth >= limit) return true;
    for (const child of Array.isArray(v) ? v : Object.values(v)) if (child && typeof child === 'object') stack.push([child, depth + 1]);
  }
  return false;
}

/** Reads an export file's text. Never throws. */
export function parseExport(input: string): ParsedExport {
  const text = stripByteOrderMark(input);
  if (text.trim() === '') return { ok: false, error: 'the file is empty' };
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    const t = text.trimEnd();
    const opens = (t.match(/[{[]/g) ?? []).length;
    const closes = (t.match(/[}\]]/g) ?? []).length;
    if (t.startsWith('{') && opens > closes) {
      return { ok: false, error: `the file ends early after ${text.length} bytes: it looks truncated (download or copy it again)` };
    }
    // JSON.parse quotes a piece of the file in its message: shown escaped and short.
    return { ok: false, error: `not JSON (${displayText(error instanceof Error ? error.message : String(error), 200)})` };
  }
  if (!data || typeof data !== 'object' || Array.isArray(data)) {
    return { ok: false, error: `not a course export: expected a JSON object with "format": "${EXPORT_FORMAT}"` };
  }
  const obj = data as Record<string, unknown>;
  if (obj['format'] !== EXPORT_FORMAT) {
    if (obj['format'] === PROGRESS_FORMAT) {
      return { ok: false, error: 'this is a copy of stored progress, not an export: use "Export my answers" on the progress page' };
    }
    return { ok: false, error: `not a course export: "format" is ${shownValue(obj['format'])}, expected "${EXPORT_FORMAT}"` };
  }
  const version = obj['version'];
  if (typeof version === 'number' && version > EXPORT_VERSION) {
    return {
      ok: false,
      error: `export version ${version} comes from a newer version of the course; this one reads version ${EXPORT_VERSION} (update the course)`,
    };
  }
  if (version !== EXPORT_VERSION) {
    return { ok: false, error: `unsupported export version ${shownValue(version)}; this course reads version ${EXPORT_VERSION}` };
  }

  // Entries are checked one by one so a single bad entry loses only itself.
  const problems: string[] = [];
  const lists: Record<string, unknown[]> = {};
  for (const [name, spec] of Object.entries(LISTS)) {
    const raw = obj[name];
    if (raw === undefined) {
      lists[name] = [];
      continue;
    }
    if (!Array.isArray(raw)) {
      problems.push(`${name} should be a list; it was skipped`);
      lists[name] = [];
      continue;
    }
    lists[name] = raw.filter((entry, i) => {
      const id = (entry as Record<string, unknown> | null)?.[spec.idKey];
      const label = typeof id === 'string' ? ` (${spec.noun} ${quoted(id)})` : '';
      if (nestsDeeperThan(entry, MAX_ENTRY_DEPTH)) {
        problems.push(
          `${name}[${i}]${label}: nests deeper than ${MAX_ENTRY_DEPTH} levels of lists and objects (an export from the site nests 3 at most); skipped`,
        );
        return false;
      }
      const r = spec.schema.safeParse(entry, { reportInput: true });
      if (r.success) return true;
      problems.push(`${name}[${i}]${label}: ${problemsText(r.error).join('; ')}; skipped`);
      return false;
    });
  }
  const top = LearnerExportSchema.safeParse({ ...obj, ...lists }, { reportInput: true });
  if (!top.success) {
    return { ok: false, error: `not a valid export: ${problemsText(top.error).slice(0, 3).join('; ')}` };
  }
  return { ok: true, data: top.data, problems };
}

export interface ImportSummary {
  /** Entries the file added or brought up to date (new, newer, or adding to the history of one stored here). */
  taken: { answers: number; predictions: number; visits: number; quizzes: number; lab: number };
  /** Entries stored here kept as they were, because they already held everything the file's did. */
  kept: number;
  /** Answers and predictions in the file for another version of a question this browser holds a current answer to: not used. */
  olderVersion: number;
  /** same: the file is this learner's; kept: another id or name, and this browser's were kept; adopted: the file's were taken. */
  learner: 'same' | 'kept' | 'adopted';
}

export interface ImportOptions {
  now: Date;
  /**
   * Take the file's learner id and name instead of this browser's. Only when
   * the learner said so: the progress page asks when they differ (learnerDiffers).
   */
  adoptLearner?: boolean;
  /** Content hashes of the questions and predictions as they are now; an entry for another version never replaces one for the current version. */
  currentHash?: { question(id: string): string | undefined; prediction(id: string): string | undefined };
  /**
   * Grades a response to the current version of a question. A score written in
   * the file is never used: without a grader an imported answer is stored with
   * score 0 until a page grades it (the quiz and the progress page always re-grade).
   */
  grade?: (questionId: string, response: unknown) => { score: number; correct: boolean } | null;
}

export interface MergedImport {
  progress: Progress;
  summary: ImportSummary;
  /** File entries that were not used, one line each (a time in the future). */
  problems: string[];
}

/** How far ahead of this computer's clock a time in a file may be (clocks differ a little) before the entry is refused. */
export const FUTURE_SLACK_MS = 24 * 60 * 60 * 1000;

/** Whether the file names a learner other than the one in this browser (a different id, or a different name where both have one). */
export function learnerDiffers(current: Progress, file: LearnerExport): boolean {
  if (file.learner.id !== current.learner.id) return true;
  return file.learner.name.trim() !== '' && current.learner.name.trim() !== '' && file.learner.name.trim() !== current.learner.name.trim();
}

/**
 * Merges an export into the current progress; nothing stored here is lost.
 * Entry by entry, with the rules of the progress store (mergeAnswers and the
 * others): parsed times decide what is newer; an entry for the current version
 * of a question beats one for another version whatever its time; attempt counts
 * take the larger, the first try the earlier; a revealed prediction stays
 * revealed; lab ticks are added. Entries dated in the future are refused. The
 * learner's id and name stay unless `adoptLearner` is set.
 */
export function mergeImport(current: Progress, file: LearnerExport, options: ImportOptions | Date): MergedImport {
  const opts: ImportOptions = options instanceof Date ? { now: options } : options;
  const nowIso = opts.now.toISOString();
  const limit = opts.now.getTime() + FUTURE_SLACK_MS;
  const p = structuredClone(current);
  const taken = { answers: 0, predictions: 0, visits: 0, quizzes: 0, lab: 0 };
  let kept = 0;
  let olderVersion = 0;
  const problems: string[] = [];

  /** The first of `times` (field → value) later than the limit, as a problem line; null when all are plausible. */
  const future = (what: string, times: Record<string, string | undefined>): string | null => {
    for (const [field, value] of Object.entries(times)) {
      if (value !== undefined && timeOf(value) > limit) return `${what}: ${field} ${value} is later than now (${nowIso}); skipped`;
    }
    return null;
  };

  let learner: ImportSummary['learner'] = 'same';
  if (learnerDiffers(p, file)) {
    if (opts.adoptLearner) {
      p.learner = { id: file.learner.id, name: file.learner.name.trim() || p.learner.name };
      learner = 'adopted';
    } else learner = 'kept';
  } else if (!p.learner.name.trim() && file.learner.name.trim()) {
    // Same learner id, and no name typed here yet: the file's name fills the gap.
    p.learner.name = file.learner.name.trim();
  }

  for (const a of file.answers) {
    const problem = future(`answer to question "${a.questionId}"`, { answeredAt: a.answeredAt, firstAnsweredAt: a.firstAnsweredAt });
    if (problem) {
      problems.push(problem);
      continue;
    }
    const now = opts.currentHash?.question(a.questionId);
    const graded = now !== undefined && now === a.hash ? opts.grade?.(a.questionId, a.response) : null;
    const firstAnsweredAt =
      a.firstAnsweredAt !== undefined && timeOf(a.firstAnsweredAt) <= timeOf(a.answeredAt) ? a.firstAnsweredAt : a.answeredAt;
    const incoming: AnswerRecord = {
      bank: a.bank,
      hash: a.hash,
      response: a.response,
      firstResponse: a.firstResponse === undefined ? a.response : a.firstResponse,
      score: graded ? Math.min(1, Math.max(0, graded.score)) : 0,
      correct: graded ? graded.correct : false,
      attempts: a.attempts,
      firstAnsweredAt,
      answeredAt: a.answeredAt,
    };
    const mine = p.answers[a.questionId];
    const merged = mine ? mergeAnswers(mine, incoming, now) : incoming;
    if (merged === mine) {
      kept++;
      if (now !== undefined && mine.hash === now && a.hash !== now) olderVersion++;
      continue;
    }
    p.answers[a.questionId] = merged;
    taken.answers++;
  }
  for (const { id, ...incoming } of file.predictions) {
    const problem = future(`prediction "${id}"`, {
      committedAt: incoming.committedAt,
      revealedAt: incoming.revealedAt,
      checkedAt: incoming.check?.checkedAt,
    });
    if (problem) {
      problems.push(problem);
      continue;
    }
    const now = opts.currentHash?.prediction(id);
    const mine = p.predictions[id];
    const merged = mine ? mergePredictions(mine, incoming, now) : incoming;
    if (merged === mine) {
      kept++;
      if (now !== undefined && mine.hash === now && incoming.hash !== now) olderVersion++;
      continue;
    }
    p.predictions[id] = merged;
    taken.predictions++;
  }
  for (const { lesson, ...incoming } of file.visits) {
    const problem = future(`visit of "${lesson}"`, { first: incoming.first, last: incoming.last });
    if (problem) {
      problems.push(problem);
      continue;
    }
    const mine = p.visits[lesson];
    const merged = mine ? mergeVisits(mine, incoming) : incoming;
    if (merged === mine) kept++;
    else {
      p.visits[lesson] = merged;
      taken.visits++;
    }
  }
  for (const { bank, ...incoming } of file.quizzes) {
    const problem = future(`quiz "${bank}"`, { finishedAt: incoming.finishedAt });
    if (problem) {
      problems.push(problem);
      continue;
    }
    const mine = p.quizzes[bank];
    const merged = mine ? mergeQuizzes(mine, incoming) : incoming;
    if (merged === mine) kept++;
    else {
      p.quizzes[bank] = merged;
      taken.quizzes++;
    }
  }
  const lab = new Set(p.lab.checked);
  for (const id of file.lab.checked) {
    if (lab.has(id)) continue;
    lab.add(id);
    // Recorded as a tick now, so another tab's older copy does not undo it.
    p.lab.changedAt = { ...p.lab.changedAt, [id]: nowIso };
    taken.lab++;
  }
  p.lab.checked = [...lab].sort();
  p.updatedAt = nowIso;
  return { progress: p, summary: { taken, kept, olderVersion, learner }, problems };
}
