import type { LearnerExport } from '../schemas/export.ts';
import { bankOutlines, type CourseContent } from './course-content.ts';
import { answerKey, grade, type GradeResult } from './question-types/index.ts';
import { moduleStanding, percent, type ModuleStanding } from './scoring.ts';
import { findSimilar, responseItems, SIMILARITY, similarGroups, type PairSimilarity, type SimilarityOptions } from './similarity.ts';

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
  for (const a of data.answers) {
    if (seen.has(a.questionId)) problems.push(`question "${a.questionId}" is answered twice in the file; the later entry is graded`);
    seen.add(a.questionId);
    const indexed = content.questions.get(a.questionId);
    if (!indexed) {
      problems.push(`question "${a.questionId}" is not in the current banks (removed or renamed?); not graded`);
      continue;
    }
    if (a.hash !== indexed.hash) {
      stale.add(a.questionId);
      graded.delete(a.questionId);
      problems.push(
        `question "${a.questionId}" was answered against another version of the question (hash ${a.hash}, now ${indexed.hash}); not graded, ask the learner to answer it again`,
      );
      continue;
    }
    stale.delete(a.questionId);
    const latest = grade(indexed.question, a.response);
    const first = a.firstResponse === undefined ? latest : grade(indexed.question, a.firstResponse);
    if (latest.malformed) problems.push(`question "${a.questionId}": response could not be read (${latest.malformed}); scored 0`);
    graded.set(a.questionId, { questionId: a.questionId, bank: indexed.bank, attempts: a.attempts, latest, first });
  }
  const outlines = bankOutlines(content);
  const lookup = (pick: 'latest' | 'first') => (id: string) => {
    if (stale.has(id)) return 'stale' as const;
    const g = graded.get(id);
    return g ? g[pick].score : null;
  };
  return {
    file,
    learnerId: data.learner.id,
    learnerName: data.learner.name,
    standing: moduleStanding(outlines, lookup('latest'), passMark),
    firstTry: moduleStanding(outlines, lookup('first'), passMark),
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
        return p?.kind === 'choice' && !!response && typeof response === 'object' && 'choice' in response ? response.choice !== p.answer : false;
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

/** "Ada Example (exports/ada.json)", or the learner id when no name was typed. */
export function learnerLabel(l: LearnerRef): string {
  return `${l.learnerName.trim() || l.learnerId} (${l.file})`;
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
  const sameId = new Set(group.learners.map((l) => l.learnerId)).size < group.learners.length ? ' Some share a learner id: the same browser exported more than once.' : '';
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
              ...(top.misconception ? { misconception: { id: top.misconception, label: labels.get(top.misconception) ?? top.misconception } } : {}),
            }
          : null,
      });
    }
  }
  return stats;
}

function csvCell(value: string | number | null): string {
  if (value === null) return '';
  const s = String(value);
  // Quote when needed; a leading = + - @ would be read as a formula by spreadsheets.
  const safe = /^[=+\-@]/.test(s) && typeof value === 'string' ? `'${s}` : s;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
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
    ...banks.map((b) => percent(g.standing.quizzes.find((q) => q.bank === b)?.score ?? 0)),
    percent(g.standing.score),
    percent(g.firstTry.score),
    g.standing.passed ? 'pass' : 'fail',
    g.standing.answered,
    g.standing.total,
    g.predictionsMade,
    g.labChecked,
    g.labTotal,
    g.labTotal ? percent(g.labChecked / g.labTotal) : null,
    g.problems.length,
    g.similarTo.length ? g.similarTo.map(similarText).join('; ') : null,
  ]);
  return [header, ...rows];
}

export function itemRows(stats: readonly ItemStat[]): (string | number | null)[][] {
  const pct = (v: number | null) => (v === null ? null : percent(v));
  return [
    ['question_id', 'bank', 'type', 'outcome', 'responses', 'first_try_correct %', 'final_correct %', 'mean_attempts', 'most_chosen_wrong', 'wrong_count', 'wrong %', 'misconception_id', 'misconception'],
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
      s.topWrong ? percent(s.topWrong.share) : null,
      s.topWrong?.misconception?.id ?? null,
      s.topWrong?.misconception?.label ?? null,
    ]),
  ];
}

/** The answer key as Markdown, bank by bank. */
export function answerKeyMarkdown(content: CourseContent, passMark: number): string {
  const out: string[] = ['# Answer key', '', `Pass mark: ${percent(passMark)}% of the points in a quiz and in the module.`, ''];
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
