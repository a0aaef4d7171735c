import type { z } from 'astro/zod';
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
import { PROGRESS_FORMAT, type Progress } from '../schemas/progress.ts';

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

export type ParsedExport =
  | { ok: true; data: LearnerExport; problems: string[] }
  | { ok: false; error: string };

function issueText(issue: z.core.$ZodIssue): string {
  const field = issue.path.map(String).join('.');
  const input = (issue as { input?: unknown }).input;
  const what =
    issue.code === 'invalid_type'
      ? input === undefined
        ? 'is missing'
        : `should be ${issue.expected === 'array' ? 'a list' : `a ${issue.expected}`}`
      : issue.message === 'Invalid input'
        ? 'has the wrong shape'
        : issue.message;
  return field ? `${field} ${what}` : what;
}

const LISTS = {
  answers: { schema: ExportAnswerSchema, idKey: 'questionId', noun: 'question' },
  quizzes: { schema: ExportQuizSchema, idKey: 'bank', noun: 'quiz' },
  predictions: { schema: ExportPredictionSchema, idKey: 'id', noun: 'prediction' },
  visits: { schema: ExportVisitSchema, idKey: 'lesson', noun: 'lesson' },
} as const;

/** Reads an export file's text. Never throws. */
export function parseExport(text: string): ParsedExport {
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
    return { ok: false, error: `not JSON (${error instanceof Error ? error.message : String(error)})` };
  }
  if (!data || typeof data !== 'object' || Array.isArray(data)) {
    return { ok: false, error: `not a course export: expected a JSON object with "format": "${EXPORT_FORMAT}"` };
  }
  const obj = data as Record<string, unknown>;
  if (obj['format'] !== EXPORT_FORMAT) {
    if (obj['format'] === PROGRESS_FORMAT) {
      return { ok: false, error: 'this is a copy of stored progress, not an export: use "Export my answers" on the progress page' };
    }
    return { ok: false, error: `not a course export: "format" is ${JSON.stringify(obj['format'])}, expected "${EXPORT_FORMAT}"` };
  }
  const version = obj['version'];
  if (typeof version === 'number' && version > EXPORT_VERSION) {
    return { ok: false, error: `export version ${version} comes from a newer version of the course; this one reads version ${EXPORT_VERSION} (update the course)` };
  }
  if (version !== EXPORT_VERSION) {
    return { ok: false, error: `unsupported export version ${JSON.stringify(version)}; this course reads version ${EXPORT_VERSION}` };
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
      const r = spec.schema.safeParse(entry, { reportInput: true });
      if (r.success) return true;
      const id = (entry as Record<string, unknown> | null)?.[spec.idKey];
      const label = typeof id === 'string' ? ` (${spec.noun} "${id}")` : '';
      problems.push(`${name}[${i}]${label}: ${r.error.issues.map(issueText).join('; ')}; skipped`);
      return false;
    });
  }
  const top = LearnerExportSchema.safeParse({ ...obj, ...lists }, { reportInput: true });
  if (!top.success) {
    return { ok: false, error: `not a valid export: ${top.error.issues.slice(0, 3).map(issueText).join('; ')}` };
  }
  return { ok: true, data: top.data, problems };
}

export interface ImportSummary {
  /** Entries taken from the file (new, or newer than what was stored). */
  taken: { answers: number; predictions: number; visits: number; quizzes: number; lab: number };
  /** Stored entries kept because they were newer than the file's. */
  kept: number;
}

const later = (a: string | undefined, b: string | undefined) => (a ?? '') > (b ?? '');

/**
 * Merges an export into the current progress: nothing already stored is lost;
 * for each entry the newer of the two wins. The file's learner id is adopted
 * (it is the same learner), so choice order and the instructor's records match.
 */
export function mergeImport(current: Progress, file: LearnerExport, now: Date): { progress: Progress; summary: ImportSummary } {
  const p = structuredClone(current);
  const taken = { answers: 0, predictions: 0, visits: 0, quizzes: 0, lab: 0 };
  let kept = 0;
  p.learner = { id: file.learner.id, name: file.learner.name || p.learner.name };

  for (const a of file.answers) {
    const mine = p.answers[a.questionId];
    if (mine && !later(a.answeredAt, mine.answeredAt)) {
      kept++;
      continue;
    }
    const score = typeof a.score === 'number' && a.score >= 0 && a.score <= 1 ? a.score : 0;
    p.answers[a.questionId] = {
      bank: a.bank,
      hash: a.hash,
      response: a.response,
      firstResponse: a.firstResponse === undefined ? a.response : a.firstResponse,
      score,
      correct: score === 1,
      attempts: a.attempts,
      firstAnsweredAt: a.firstAnsweredAt ?? a.answeredAt,
      answeredAt: a.answeredAt,
    };
    taken.answers++;
  }
  for (const { id, ...rest } of file.predictions) {
    const mine = p.predictions[id];
    if (mine && !later(rest.committedAt, mine.committedAt)) {
      kept++;
      continue;
    }
    p.predictions[id] = rest;
    taken.predictions++;
  }
  for (const { lesson, ...v } of file.visits) {
    const mine = p.visits[lesson];
    const via = [...new Set([...(mine?.via ?? []), ...(v.via ?? [])])].sort();
    p.visits[lesson] = {
      first: mine && later(v.first, mine.first) ? mine.first : v.first,
      last: mine && !later(v.last, mine.last) ? mine.last : v.last,
      count: Math.max(mine?.count ?? 0, v.count),
      // A visit without `via` comes from before visits meant activity: keep it without one.
      ...(via.length ? { via } : {}),
    };
    taken.visits++;
  }
  for (const { bank, ...q } of file.quizzes) {
    const mine = p.quizzes[bank];
    const newer = !mine || later(q.finishedAt, mine.finishedAt);
    p.quizzes[bank] = {
      attempts: Math.max(mine?.attempts ?? 0, q.attempts),
      bestScore: Math.max(mine?.bestScore ?? 0, q.bestScore),
      lastScore: newer ? q.lastScore : mine.lastScore,
      finishedAt: newer ? q.finishedAt : mine.finishedAt,
    };
    taken.quizzes++;
  }
  const lab = new Set(p.lab.checked);
  for (const id of file.lab.checked) if (!lab.has(id)) (lab.add(id), taken.lab++);
  p.lab.checked = [...lab].sort();
  p.updatedAt = now.toISOString();
  return { progress: p, summary: { taken, kept } };
}
