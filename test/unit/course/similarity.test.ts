import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseExport } from '../../../src/course/export.ts';
import { flagSimilar, gradeLearner, gradebookRows, similarGroupText } from '../../../src/course/gradebook.ts';
import { loadCourseContentOrThrow } from '../../../src/node/load-content.ts';
import { compareResponses, normalisedResponse, similarGroups, type ResponseItem } from '../../../src/course/similarity.ts';
import type { LearnerExport } from '../../../src/schemas/export.ts';

// Integrity signals: exports whose responses match another learner's, answer for answer and time for time.

const ROOT = join(import.meta.dirname, '../../..');
const content = loadCourseContentOrThrow(join(ROOT, 'test/fixtures/course/content'));
const DIR = 'test/fixtures/course/similar';

function load(name: string): LearnerExport {
  const parsed = parseExport(readFileSync(join(ROOT, DIR, name), 'utf8'));
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.data;
}

/** n items answered the same way, `gap` seconds apart. */
function items(n: number, start: string, gapSeconds = 0, values: (i: number) => string = (i) => `v${i}`): ResponseItem[] {
  return Array.from({ length: n }, (_, i) => ({
    key: `q:${i}@h`,
    value: values(i),
    at: new Date(Date.parse(start) + i * 60_000 + gapSeconds * 1000).toISOString(),
    wrong: i === 0,
  }));
}

describe('comparing two learners', () => {
  const t = '2025-03-14T09:00:00.000Z';

  it('calls responses identical when every item has the same answer and the same time', () => {
    expect(compareResponses(items(2, t), items(2, t))).toEqual({ kind: 'identical', items: 2, matching: 2, sharedWrong: 1 });
    // One extra answer, or one second apart: no longer identical (and too few items to be near-identical).
    expect(compareResponses(items(2, t), items(3, t))).toBeNull();
    expect(compareResponses(items(2, t), items(2, t, 1))).toBeNull();
    expect(compareResponses([], [])).toBeNull();
  });

  it('calls responses near-identical at 90% of at least 5 items answered alike within 120 s', () => {
    expect(compareResponses(items(5, t), items(5, t, 120))).toEqual({ kind: 'near-identical', items: 5, matching: 5, sharedWrong: 1 });
    expect(compareResponses(items(5, t), items(5, t, 121))).toBeNull(); // outside the window
    expect(compareResponses(items(4, t), items(4, t, 30))).toBeNull(); // too few items to say
    // 9 of 10 alike: flagged; 8 of 10: not.
    expect(
      compareResponses(
        items(10, t),
        items(10, t, 30, (i) => (i === 9 ? 'other' : `v${i}`)),
      ),
    ).toMatchObject({ kind: 'near-identical', matching: 9, items: 10 });
    expect(
      compareResponses(
        items(10, t),
        items(10, t, 30, (i) => (i >= 8 ? 'other' : `v${i}`)),
      ),
    ).toBeNull();
    // Items only one of them answered count against the share.
    expect(compareResponses(items(9, t), items(10, t, 30))).toMatchObject({ kind: 'near-identical', matching: 9, items: 10 });
    expect(compareResponses(items(8, t), items(10, t, 30))).toBeNull();
  });

  it('compares answers, not keystrokes: choice sets, text case and spacing', () => {
    expect(normalisedResponse({ choices: ['b', 'a'] }, 'multiple')).toBe(normalisedResponse({ choices: ['a', 'b'] }, 'multiple'));
    expect(normalisedResponse({ text: '  Trace  Parent ' }, 'text')).toBe(normalisedResponse({ text: 'trace parent' }, 'text'));
    expect(normalisedResponse({ value: ' 43.2 ' }, 'numeric')).toBe(normalisedResponse({ value: '43.2' }, 'numeric'));
    expect(normalisedResponse({ order: ['b', 'a'] }, 'order')).not.toBe(normalisedResponse({ order: ['a', 'b'] }, 'order'));
    expect(normalisedResponse({ choice: 'a' })).not.toBe(normalisedResponse({ choice: 'b' }));
  });

  it('groups learners linked by similar pairs', () => {
    const pair = (a: number, b: number) => ({ a, b, kind: 'identical' as const, items: 1, matching: 1, sharedWrong: 0 });
    expect(similarGroups([pair(0, 1), pair(1, 2), pair(4, 5)])).toEqual([
      [0, 1, 2],
      [4, 5],
    ]);
    expect(similarGroups([])).toEqual([]);
  });
});

describe('flagging similar exports in a gradebook', () => {
  const files = readdirSync(join(ROOT, DIR)).sort();
  const exports = files.map(load);
  const grades = files.map((f, i) => gradeLearner(`${DIR}/${f}`, exports[i]!, content, 0.7));
  const groups = flagSimilar(grades, exports, content);
  const byName = (name: string) => grades.find((g) => g.learnerName.startsWith(name))!;

  it('finds three copies of one file under different names, and a learner who copied another a minute behind', () => {
    expect(groups.map((g) => [g.kind, g.learners.map((l) => l.learnerName), g.items, g.matching, g.sharedWrong])).toEqual([
      ['identical', ['Ada Lovelace', 'Bob Example', 'Cy Example'], 7, 7, 3],
      ['near-identical', ['Dan Example', 'Eve Example'], 7, 7, 0],
    ]);
    expect(byName('Ada').similarTo.map((s) => [s.learnerName, s.kind])).toEqual([
      ['Bob Example', 'identical'],
      ['Cy Example', 'identical'],
    ]);
    expect(byName('Dan').similarTo.map((s) => [s.learnerName, s.kind, s.matching, s.items])).toEqual([
      ['Eve Example', 'near-identical', 7, 7],
    ]);
  });

  it('leaves alone learners who agree only because the answers are right, or who sat beside another but answered differently', () => {
    // Frank gave Eve's all-right answers the next day; Grace answered beside Ada but differs on 2 of 7 items.
    expect(byName('Frank').similarTo).toEqual([]);
    expect(byName('Grace').similarTo).toEqual([]);
  });

  it('writes a similar_to column and one summary line per group', () => {
    const rows = gradebookRows(grades, content);
    const col = rows[0]!.indexOf('similar_to');
    expect(col).toBe(rows[0]!.length - 1);
    const row = (name: string) => rows.find((r) => r[1] === name)!;
    expect(row('Ada Lovelace')[col]).toBe(
      `Bob Example (${DIR}/bob.json): identical, 7 of 7 items, 3 shared wrong; Cy Example (${DIR}/cy.json): identical, 7 of 7 items, 3 shared wrong`,
    );
    expect(row('Eve Example')[col]).toBe(`Dan Example (${DIR}/dan.json): near-identical, 7 of 7 items`);
    expect(row('Frank Example')[col]).toBeNull();
    expect(similarGroupText(groups[0]!)).toBe(
      `Ada Lovelace (${DIR}/ada.json), Bob Example (${DIR}/bob.json), Cy Example (${DIR}/cy.json): identical responses with identical times on all 7 items, including 3 wrong answers they share.`,
    );
    expect(similarGroupText(groups[1]!)).toBe(
      `Dan Example (${DIR}/dan.json), Eve Example (${DIR}/eve.json): near-identical: at least 7 of 7 items answered the same way within 120 s.`,
    );
  });

  it('says when the similar files come from one browser', () => {
    const copy = { ...exports[0]!, learner: { ...exports[0]!.learner, name: 'Ada again' } };
    const g = [gradeLearner('a.json', exports[0]!, content, 0.7), gradeLearner('b.json', copy, content, 0.7)];
    const [group] = flagSimilar(g, [exports[0]!, copy], content);
    expect(similarGroupText(group!)).toMatch(/Some share a learner id: the same browser exported more than once\.$/);
  });
});
