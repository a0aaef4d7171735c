import type { Misconception } from '../schemas/misconception.ts';
import { checkItemRules, formatFinding, singleChoiceCues, visibleLength, type BankSource, type ItemRulesReport } from './item-rules.ts';
import type { Question } from './question-types/index.ts';

// What `npm run bank-report` prints: per item its form (type, option lengths,
// share keyed right, outcome, misconceptions), per bank the length cues a
// test-wise learner could exploit, then the item-writing findings and the
// choices that name a misconception, for a reviewer to check each tag.

export interface ItemRow {
  id: string;
  type: Question['type'];
  outcome: string;
  /** Visible length of each option, keyed ones marked with a *; empty for types without options. */
  optionLengths: string;
  /** keyed/total for choice items. */
  keyedRight: string;
  misconceptions: string[];
}

export interface BankCues {
  bank: string;
  file: string;
  singles: number;
  /** Single-choice items whose keyed answer is the strictly longest option. */
  longestIsKeyed: number;
  /** Mean and maximum of keyed length / mean distractor length over the single-choice items. */
  meanRatio: number | null;
  maxRatio: number | null;
  items: ItemRow[];
}

export interface BankReport {
  banks: BankCues[];
  total: { singles: number; longestIsKeyed: number; meanRatio: number | null; maxRatio: number | null };
  rules: ItemRulesReport;
}

function misconceptionsOf(q: Question): string[] {
  const tags: (string | undefined)[] =
    q.type === 'single' || q.type === 'multiple'
      ? q.choices.map((c) => c.misconception)
      : q.type === 'numeric' || q.type === 'text' || q.type === 'traceql' || q.type === 'sampling-threshold'
        ? q.wrongAnswers.map((w) => w.misconception)
        : [];
  return [...new Set(tags.filter((t): t is string => t !== undefined))];
}

function itemRow(q: Question): ItemRow {
  const choices = q.type === 'single' || q.type === 'multiple' ? q.choices : [];
  return {
    id: q.id,
    type: q.type,
    outcome: q.outcome,
    optionLengths: choices.map((c) => `${visibleLength(c.text)}${c.correct ? '*' : ''}`).join(' '),
    keyedRight: choices.length > 0 ? `${choices.filter((c) => c.correct).length}/${choices.length}` : '',
    misconceptions: misconceptionsOf(q),
  };
}

function ratios(questions: readonly Question[]): { count: number; longest: number; ratios: number[] } {
  const cues = questions.flatMap((q) => {
    if (q.type !== 'single') return [];
    const c = singleChoiceCues(q.choices);
    return c ? [c] : [];
  });
  return { count: cues.length, longest: cues.filter((c) => c.longestIsKeyed).length, ratios: cues.map((c) => c.keyedRatio) };
}

const mean = (xs: readonly number[]) => (xs.length === 0 ? null : xs.reduce((a, b) => a + b, 0) / xs.length);
const max = (xs: readonly number[]) => (xs.length === 0 ? null : Math.max(...xs));

export function bankReport(banks: readonly BankSource[], misconceptions: readonly Misconception[]): BankReport {
  const rows = banks.map(({ file, bank }) => {
    const r = ratios(bank.questions);
    return {
      bank: bank.id,
      file,
      singles: r.count,
      longestIsKeyed: r.longest,
      meanRatio: mean(r.ratios),
      maxRatio: max(r.ratios),
      items: bank.questions.map(itemRow),
    };
  });
  const all = ratios(banks.flatMap((b) => b.bank.questions));
  return {
    banks: rows,
    total: { singles: all.count, longestIsKeyed: all.longest, meanRatio: mean(all.ratios), maxRatio: max(all.ratios) },
    rules: checkItemRules(banks, misconceptions),
  };
}

const fixed = (x: number | null) => (x === null ? '-' : `${x.toFixed(2)}×`);

function table(rows: readonly string[][]): string[] {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
  return rows.map((r) =>
    r
      .map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd(),
  );
}

function cueLine(singles: number, longest: number, meanRatio: number | null, maxRatio: number | null): string {
  const rate = singles === 0 ? '-' : `${longest}/${singles} (${Math.round((longest / singles) * 100)}%)`;
  return `longest option is keyed: ${rate}; keyed/distractor length: mean ${fixed(meanRatio)}, max ${fixed(maxRatio)}`;
}

export function bankReportText(report: BankReport): string {
  const lines: string[] = [];
  for (const b of report.banks) {
    lines.push(`${b.bank} (${b.file})`);
    lines.push(`  ${cueLine(b.singles, b.longestIsKeyed, b.meanRatio, b.maxRatio)}`);
    const head = ['id', 'type', 'outcome', 'keyed', 'option lengths (* keyed)', 'misconceptions'];
    const body = b.items.map((i) => [
      i.id,
      i.type,
      i.outcome,
      i.keyedRight || '-',
      i.optionLengths || '-',
      i.misconceptions.join(', ') || '-',
    ]);
    lines.push(...table([head, ...body]).map((l) => `  ${l}`));
    lines.push('');
  }
  const t = report.total;
  lines.push(`All banks: ${cueLine(t.singles, t.longestIsKeyed, t.meanRatio, t.maxRatio)}`);
  lines.push('');
  lines.push(`Item-writing findings: ${report.rules.findings.length}`);
  lines.push(...report.rules.findings.map((f) => `  ${formatFinding(f)}`));
  lines.push('');
  lines.push(`Answers that name a misconception (check that each fits): ${report.rules.misconceptionReview.length}`);
  lines.push(
    ...table(report.rules.misconceptionReview.map((m) => [m.questionId, m.answer, m.misconception, m.text.replace(/\s+/g, ' ')])).map(
      (l) => `  ${l}`,
    ),
  );
  return `${lines.join('\n')}\n`;
}
