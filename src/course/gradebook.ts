import type { LearnerExport } from '../schemas/export.ts';
import { bankOutlines, type CourseContent } from './course-content.ts';
import { answerKey, grade, type GradeResult } from './question-types/index.ts';
import { formatCount as count, formatPercent, percentNumber } from '../shared/format.ts';
import { progressSummary } from './progress-summary.ts';
import type { ModuleStanding, StoredResponse } from './scoring.ts';
import { findSimilar, responseItems, SIMILARITY, similarGroups, type PairSimilarity, type SimilarityOptions } from './similarity.ts';
import { unevaluatedReason, unevaluatedResult } from './question-types/unevaluated.ts';
import { clip, displayText, escapeControlsKeepingLines, quoted } from './untrusted-text.ts';

// The instructor's side: re-grade learners' exports from their raw responses
// with the same grading code the site runs (a score written in the file is
// never used), then build the gradebook, the item analysis and the answer key.

export interface GradedAnswer {
  questionId: string;
  bank: string;
  attempts: number;
  latest: GradeResult;
  first: GradeResult;
}

export interface LearnerGrade {
  file: string;
  learnerId: string;
  learnerName: string;
  standing: ModuleStanding;
  /** The same, scored on each question's first response. */
  firstTry: ModuleStanding;
  predictionsMade: number;
  /** Lab checklist items ticked (only ids the lab page has, when it is known). */
  labChecked: number;
  /** Items on the lab page's checklist; null when the lab page is not known. */
  labTotal: number | null;
  answers: GradedAnswer[];
  /** One line each: answers not graded or scored 0 for a reason the instructor should see. */
  problems: string[];
  /** Other exports whose responses are identical or near-identical to this one (see similarity.ts). */
  similarTo: SimilarLearner[];
}

export interface LearnerRef {
  file: string;
  learnerId: string;
  learnerName: string;
}

export interface SimilarLearner extends LearnerRef, PairSimilarity {}

export interface SimilarGroup {
  /** 'identical' when every pair in the group is identical. */
  kind: 'identical' | 'near-identical';
  learners: LearnerRef[];
  /** The most items any pair in the group was compared on, and the fewest of them that matched. */
  items: number;
  matching: number;
  sharedWrong: number;
}

/**
 * The longest learner name or id the gradebook keeps. The progress page stores
 * at most 200 characters of a name (progress-store.ts, setLearnerName) and ids
 * are 36, so a longer one was written by hand; it is cut, with a problem line.
 */
export const MAX_LEARNER_TEXT = 200;

/**
 * The largest response the gradebook grades, in characters of text plus one
 * per list item or field. Each question type has its own, smaller limit
 * (a TraceQL query 2,000, a sampling policy 20,000); this one bounds every
 * type, so no response costs more than a real one could.
 */
export const MAX_RESPONSE_SIZE = 100_000;

/** The size of a response as MAX_RESPONSE_SIZE counts it, or `limit + 1` once over (iterative, stops early). */
function responseSize(value: unknown, limit: number): number {
  let size = 0;
  const stack: unknown[] = [value];
  while (stack.length) {
    const v = stack.pop();
    size += typeof v === 'string' ? v.length : 1;
    if (size > limit) return limit + 1;
    if (v && typeof v === 'object') {
      for (const [k, child] of Array.isArray(v) ? v.entries() : Object.entries(v)) {
        if (typeof k === 'string') size += k.length;
        stack.push(child);
      }
    }
  }
  return size;
}

function gradeBounded(question: Parameters<typeof grade>[0], response: unknown): GradeResult {
  const size = responseSize(response, MAX_RESPONSE_SIZE);
  if (size > MAX_RESPONSE_SIZE) {
    return unevaluatedResult(`the response is over ${count(MAX_RESPONSE_SIZE)} characters, more than any question takes`);
  }
  return grade(question, response);
}

function sameResponse(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  try {
    return JSON.stringify(a) === JSON.stringify(b);
  } catch {
    return false;
  }
}

/** A learner's name or id as the gradebook keeps it: cut to MAX_LEARNER_TEXT, with a problem line when cut. */
function keptText(what: string, value: string, problems: string[]): string {
  if (value.length <= MAX_LEARNER_TEXT) return value;
  problems.push(
    `the learner ${what} is ${count(value.length)} characters long; the site keeps at most ${MAX_LEARNER_TEXT}, so the file was edited by hand; the gradebook keeps its first ${MAX_LEARNER_TEXT}`,
  );
  return clip(value, MAX_LEARNER_TEXT);
}

export function gradeLearner(
  file: string,
  data: LearnerExport,
  content: CourseContent,
  passMark: number,
  labItems: readonly string[] | null = null,
): LearnerGrade {
  const problems: string[] = [];
  const graded = new Map<string, GradedAnswer>();
  const stale = new Set<string>();
  const seen = new Set<string>();
  const learnerId = keptText('id', data.learner.id, problems);
  const learnerName = keptText('name', data.learner.name, problems);
  for (const a of data.answers) {
    // The id comes from the file: quoted, escaped and cut wherever it is shown.
    const question = `question ${quoted(a.questionId)}`;
    if (seen.has(a.questionId)) problems.push(`${question} is answered twice in the file; the later entry is graded`);
    seen.add(a.questionId);
    const indexed = content.questions.get(a.questionId);
    if (!indexed) {
      problems.push(`${question} is not in the current banks (removed or renamed?); not graded`);
      continue;
    }
    if (a.hash !== indexed.hash) {
      stale.add(a.questionId);
      graded.delete(a.questionId);
      problems.push(
        `${question} was answered against another version of the question (hash ${displayText(a.hash, 40)}, now ${indexed.hash}); not graded, ask the learner to answer it again`,
      );
      continue;
    }
    stale.delete(a.questionId);
    const latest = gradeBounded(indexed.question, a.response);
    const first =
      a.firstResponse === undefined || sameResponse(a.firstResponse, a.response) ? latest : gradeBounded(indexed.question, a.firstResponse);
    const notRun = unevaluatedReason(latest);
    if (notRun) problems.push(`${question}: could not be evaluated (${notRun}); scored 0`);
    else if (latest.malformed) problems.push(`${question}: response could not be read (${latest.malformed}); scored 0`);
    const firstNotRun = first === latest ? undefined : unevaluatedReason(first);
    if (firstNotRun)
      problems.push(`${question}: the first response could not be evaluated (${firstNotRun}); scored 0 in first-try figures`);
    graded.set(a.questionId, { questionId: a.questionId, bank: indexed.bank, attempts: a.attempts, latest, first });
  }
  // The same summary the progress page shows, from the grades made above with today's graders.
  const latest: Record<string, StoredResponse> = {};
  for (const a of data.answers) if (content.questions.has(a.questionId)) latest[a.questionId] = { hash: a.hash, response: a.response };
  const summary = (pick: 'latest' | 'first') =>
    progressSummary({
      banks: bankOutlines(content),
      answers: latest,
      questionFor: (id) => content.questions.get(id)?.question,
      passMark,
      grade: (q) => graded.get(q.id)?.[pick] ?? null,
    });
  return {
    file,
    learnerId,
    learnerName,
    standing: summary('latest'),
    firstTry: summary('first'),
    predictionsMade: data.predictions.length,
    labChecked: labItems ? labItems.filter((id) => data.lab.checked.includes(id)).length : new Set(data.lab.checked).size,
    labTotal: labItems ? labItems.length : null,
    answers: [...graded.values()],
    problems,
    similarTo: [],
  };
}

const ref = (g: LearnerGrade): LearnerRef => ({ file: g.file, learnerId: g.learnerId, learnerName: g.learnerName });

/**
 * Flags learners whose exports are identical or near-identical to another's
 * (definitions in similarity.ts): fills each grade's `similarTo` and returns
 * the groups of linked learners. `exports[i]` is the file `grades[i]` came from.
 */
export function flagSimilar(
  grades: LearnerGrade[],
  exports: readonly LearnerExport[],
  content: CourseContent,
  options: SimilarityOptions = SIMILARITY,
): SimilarGroup[] {
  const items = exports.map((data) =>
    responseItems(data, {
      typeOf: (id) => content.questions.get(id)?.question.type,
      isWrong: (kind, id, response) => {
        if (kind === 'question') {
          const q = content.questions.get(id);
          return q ? grade(q.question, response).score < 1 : false;
        }
        const p = content.predictionsById.get(id)?.prediction;
        return p?.kind === 'choice' && !!response && typeof response === 'object' && 'choice' in response
          ? response.choice !== p.answer
          : false;
      },
    }),
  );
  const pairs = findSimilar(items, options);
  for (const g of grades) g.similarTo = [];
  for (const p of pairs) {
    const { a, b, ...how } = p;
    grades[a]!.similarTo.push({ ...ref(grades[b]!), ...how });
    grades[b]!.similarTo.push({ ...ref(grades[a]!), ...how });
  }
  return similarGroups(pairs).map((members) => {
    const inside = pairs.filter((p) => members.includes(p.a) && members.includes(p.b));
    return {
      kind: inside.every((p) => p.kind === 'identical') ? 'identical' : 'near-identical',
      learners: members.map((i) => ref(grades[i]!)),
      items: Math.max(...inside.map((p) => p.items)),
      matching: Math.min(...inside.map((p) => p.matching)),
      sharedWrong: Math.max(...inside.map((p) => p.sharedWrong)),
    };
  });
}

/** "Ada Example (exports/ada.json)", or the learner id when no name was typed; escaped and cut, as it is shown on a terminal too. */
export function learnerLabel(l: LearnerRef): string {
  return `${displayText(l.learnerName.trim() || l.learnerId, 60)} (${l.file})`;
}

/** One cell or line per similar learner: who, and how alike. */
export function similarText(s: SimilarLearner): string {
  const wrong = s.sharedWrong ? `, ${s.sharedWrong} shared wrong` : '';
  return `${learnerLabel(s)}: ${s.kind}, ${s.matching} of ${s.items} items${wrong}`;
}

/** The summary line of a group, for the command's output. */
export function similarGroupText(group: SimilarGroup, options: SimilarityOptions = SIMILARITY): string {
  const who = group.learners.map(learnerLabel).join(', ');
  const wrong = group.sharedWrong ? `, including ${group.sharedWrong} wrong answer${group.sharedWrong === 1 ? '' : 's'} they share` : '';
  const sameId =
    new Set(group.learners.map((l) => l.learnerId)).size < group.learners.length
      ? ' Some share a learner id: the same browser exported more than once.'
      : '';
  const how =
    group.kind === 'identical'
      ? `identical responses with identical times on all ${group.items} items${wrong}`
      : `near-identical: at least ${group.matching} of ${group.items} items answered the same way within ${options.windowSeconds} s${wrong}`;
  return `${who}: ${how}.${sameId}`;
}

export interface ItemStat {
  questionId: string;
  bank: string;
  type: string;
  outcome: string;
  responses: number;
  /** Share right on the first attempt (null with no responses). */
  firstTryCorrect: number | null;
  /** Share right on the latest attempt. */
  finalCorrect: number | null;
  meanAttempts: number | null;
  /** The wrong answer most often given first, and the misconception it stands for. */
  topWrong: { label: string; count: number; share: number; misconception?: { id: string; label: string } } | null;
}

/** Per question, over every learner's first response: which questions confuse, and how. */
export function itemAnalysis(grades: readonly LearnerGrade[], content: CourseContent): ItemStat[] {
  const labels = new Map(content.misconceptions.map((m) => [m.id, m.label]));
  const stats: ItemStat[] = [];
  for (const bank of content.quizzes) {
    for (const q of bank.questions) {
      const answers = grades.flatMap((g) => g.answers.filter((a) => a.questionId === q.id));
      const n = answers.length;
      const wrong = new Map<string, { label: string; count: number; misconception?: string }>();
      for (const a of answers) {
        for (const w of a.first.wrong) {
          const entry = wrong.get(w.key) ?? { label: w.label, count: 0, ...(w.misconception ? { misconception: w.misconception } : {}) };
          entry.count++;
          wrong.set(w.key, entry);
        }
      }
      const top = [...wrong.values()].sort((a, b) => b.count - a.count || a.label.localeCompare(b.label))[0];
      stats.push({
        questionId: q.id,
        bank: bank.id,
        type: q.type,
        outcome: q.outcome,
        responses: n,
        firstTryCorrect: n ? answers.filter((a) => a.first.correct).length / n : null,
        finalCorrect: n ? answers.filter((a) => a.latest.correct).length / n : null,
        meanAttempts: n ? answers.reduce((s, a) => s + a.attempts, 0) / n : null,
        topWrong: top
          ? {
              label: top.label,
              count: top.count,
              share: top.count / n,
              ...(top.misconception
                ? { misconception: { id: top.misconception, label: labels.get(top.misconception) ?? top.misconception } }
                : {}),
            }
          : null,
      });
    }
  }
  return stats;
}

/** Excel's limit on the characters of one cell; a longer cell breaks the row when opened. */
export const CSV_CELL_MAX = 32_767;

/**
 * One CSV cell, safe to open in a spreadsheet and to print in a terminal.
 * Text starting with = + - @, a TAB or a CR is a formula to Excel, LibreOffice
 * and Google Sheets, so it gets a leading single quote (OWASP's advice for CSV
 * injection); a cell holding the separator, a quote, a `;` (the separator of
 * spreadsheets in many locales) or a line break is quoted, quotes doubled.
 * Control characters other than TAB, CR and LF (ESC, BEL, C1, bidi overrides)
 * are written as visible escapes, and a cell is cut to CSV_CELL_MAX.
 * Numbers are ours and written as they are.
 */
export function csvCell(value: string | number | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  let s = escapeControlsKeepingLines(value);
  const prefix = /^[=+\-@\t\r]/.test(s) ? "'" : '';
  if (s.length > CSV_CELL_MAX - prefix.length) s = clip(s, CSV_CELL_MAX - prefix.length);
  s = prefix + s;
  return /[",;\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsv(rows: readonly (readonly (string | number | null)[])[]): string {
  return rows.map((r) => r.map(csvCell).join(',')).join('\n') + '\n';
}

export function gradebookRows(grades: readonly LearnerGrade[], content: CourseContent): (string | number | null)[][] {
  const banks = content.quizzes.map((b) => b.id);
  const header = [
    'learner_id',
    'learner_name',
    'file',
    ...banks.map((b) => `quiz:${b} %`),
    'module_score %',
    'first_try %',
    'result',
    'questions_answered',
    'questions_total',
    'predictions_made',
    'lab_items_checked',
    'lab_items_total',
    'lab %',
    'problems',
    'similar_to',
  ];
  const rows = grades.map((g) => [
    g.learnerId,
    g.learnerName,
    g.file,
    ...banks.map((b) => percentNumber(g.standing.quizzes.find((q) => q.bank === b)?.score ?? 0)),
    percentNumber(g.standing.score),
    percentNumber(g.firstTry.score),
    g.standing.passed ? 'pass' : 'fail',
    g.standing.answered,
    g.standing.total,
    g.predictionsMade,
    g.labChecked,
    g.labTotal,
    g.labTotal ? percentNumber(g.labChecked / g.labTotal) : null,
    g.problems.length,
    g.similarTo.length ? g.similarTo.map(similarText).join('; ') : null,
  ]);
  return [header, ...rows];
}

export function itemRows(stats: readonly ItemStat[]): (string | number | null)[][] {
  const pct = (v: number | null) => (v === null ? null : percentNumber(v));
  return [
    [
      'question_id',
      'bank',
      'type',
      'outcome',
      'responses',
      'first_try_correct %',
      'final_correct %',
      'mean_attempts',
      'most_chosen_wrong',
      'wrong_count',
      'wrong %',
      'misconception_id',
      'misconception',
    ],
    ...stats.map((s) => [
      s.questionId,
      s.bank,
      s.type,
      s.outcome,
      s.responses,
      pct(s.firstTryCorrect),
      pct(s.finalCorrect),
      s.meanAttempts === null ? null : Math.round(s.meanAttempts * 100) / 100,
      s.topWrong?.label ?? null,
      s.topWrong?.count ?? null,
      s.topWrong ? percentNumber(s.topWrong.share) : null,
      s.topWrong?.misconception?.id ?? null,
      s.topWrong?.misconception?.label ?? null,
    ]),
  ];
}

/** The answer key as Markdown, bank by bank. */
export function answerKeyMarkdown(content: CourseContent, passMark: number): string {
  const out: string[] = ['# Answer key', '', `Pass mark: ${formatPercent(passMark)} of the points in a quiz and in the module.`, ''];
  for (const bank of content.quizzes) {
    out.push(`## ${bank.title} (\`${bank.id}\`, lesson \`${bank.lesson}\`)`, '');
    bank.questions.forEach((q, i) => {
      out.push(`### ${i + 1}. \`${q.id}\` (${q.type}, outcome: ${q.outcome})`, '', q.prompt.trim(), '');
      out.push(`**Answer:** ${answerKey(q)}`, '');
      if (q.type === 'single' || q.type === 'multiple') {
        for (const c of q.choices) {
          const mark = c.correct ? 'right' : 'wrong';
          const misc = c.misconception ? ` _(misconception: ${c.misconception})_` : '';
          out.push(`- **${c.id}** (${mark}): ${c.text.trim()}: ${c.feedback.trim()}${misc}`);
        }
        out.push('');
      }
      out.push(`_Why:_ ${q.explanation.trim()}`, '');
    });
  }
  return out.join('\n');
}
