import type { Progress } from '../schemas/progress.ts';

// When a lesson counts as visited. Opening a page or scrolling past its quiz
// says nothing about whether the learner worked on it, so a lesson counts once
// the learner DID something there that this browser records:
//
//   answer      checked an answer to one of the page's quiz questions
//   prediction  committed a prediction (or checked it in the sandbox)
//   lab         ticked an item of the lab checklist
//   sandbox     ran the checkout sandbox      } recorded by islands that call
//   tool        ran an analysis tool          } recordActivity (see RECORDING_COMPONENTS)
//
// Only pages that can record one of these are in the count: a page with
// nothing the course records (the sources page, say) is listed as "not
// counted" rather than left at "not yet" for ever.

export const ACTIVITY_KINDS = ['answer', 'prediction', 'lab', 'sandbox', 'tool'] as const;
export type ActivityKind = (typeof ACTIVITY_KINDS)[number];

/**
 * Components that record activity when used, by the name a lesson's MDX uses.
 * A component belongs here only once its island records (a page counted on a
 * component that records nothing could never be reached). The checkout sandbox
 * and the analysis tools join with `sandbox` / `tool` when their islands call
 * `recordActivity`.
 */
export const RECORDING_COMPONENTS: Readonly<Record<string, ActivityKind>> = {
  Quiz: 'answer',
  Prediction: 'prediction',
  LabProgress: 'lab',
  CheckoutSandbox: 'sandbox',
};

export const ACTIVITY_LABELS: Readonly<Record<ActivityKind, string>> = {
  answer: 'quiz',
  prediction: 'prediction',
  lab: 'lab checklist',
  sandbox: 'sandbox',
  tool: 'analysis tool',
};

/** Drops fenced code blocks and inline code, so a component shown as an example is not mistaken for one used. */
export function withoutCode(source: string): string {
  return source.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '').replace(/`[^`\n]*`/g, '');
}

/** The kinds of activity a page (its MDX source) can record, in ACTIVITY_KINDS order; empty: not in the count. */
export function recordableActivity(
  source: string,
  components: Readonly<Record<string, ActivityKind>> = RECORDING_COMPONENTS,
): ActivityKind[] {
  const text = withoutCode(source);
  const found = new Set<ActivityKind>();
  for (const [name, kind] of Object.entries(components)) {
    if (new RegExp(`<${name}[\\s/>]`).test(text)) found.add(kind);
  }
  return ACTIVITY_KINDS.filter((k) => found.has(k));
}

export interface LessonStatus {
  slug: string;
  done: boolean;
  /** The latest recorded activity (ISO), when known. */
  at: string | null;
  /** What the learner did there. */
  via: ActivityKind[];
}

const isKind = (v: string): v is ActivityKind => (ACTIVITY_KINDS as readonly string[]).includes(v);
const latest = (a: string | null, b: string | null | undefined) => (b && (!a || b > a) ? b : a);

/**
 * Which counted lessons the learner has worked on. Besides the activity
 * records, the answers, predictions and lab ticks themselves count, so
 * progress imported from an export written before activity was recorded is
 * credited too; an old record without `via` (a quiz that merely scrolled into
 * view) is not.
 */
export function lessonStatuses(
  progress: Progress,
  lessons: readonly { slug: string; kinds: readonly ActivityKind[] }[],
  banks: readonly { id: string; lesson: string }[],
): LessonStatus[] {
  const bankLesson = new Map(banks.map((b) => [b.id, b.lesson]));
  return lessons.map(({ slug, kinds }) => {
    const via = new Set<ActivityKind>();
    let at: string | null = null;
    const visit = progress.visits[slug];
    if (visit?.via?.length) {
      for (const k of visit.via) if (isKind(k)) via.add(k);
      if (via.size) at = latest(at, visit.last);
    }
    for (const a of Object.values(progress.answers)) {
      if (bankLesson.get(a.bank) !== slug) continue;
      via.add('answer');
      at = latest(at, a.answeredAt);
    }
    for (const p of Object.values(progress.predictions)) {
      if (p.lesson !== slug) continue;
      via.add('prediction');
      at = latest(at, p.check?.checkedAt ?? p.committedAt);
    }
    if (kinds.includes('lab') && progress.lab.checked.length > 0) via.add('lab');
    return { slug, done: via.size > 0, at, via: ACTIVITY_KINDS.filter((k) => via.has(k)) };
  });
}
