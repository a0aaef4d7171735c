import { describe, expect, it } from 'vitest';
import { labChecklist } from '../../../src/course/lab-checklist.ts';
import { moduleStanding, quizStanding, type BankOutline } from '../../../src/course/scoring.ts';

const banks: BankOutline[] = [
  {
    id: 'a',
    title: 'A',
    lesson: 'overview',
    questions: [
      { id: 'a1', hash: 'x' },
      { id: 'a2', hash: 'x' },
    ],
  },
  {
    id: 'b',
    title: 'B',
    lesson: 'sampling',
    questions: [
      { id: 'b1', hash: 'x' },
      { id: 'b2', hash: 'x' },
      { id: 'b3', hash: 'x' },
      { id: 'b4', hash: 'x' },
    ],
  },
];

describe('scores', () => {
  it('counts unanswered and stale questions as 0 and weighs every question the same in the module', () => {
    const scores: Record<string, number | 'stale'> = { a1: 1, a2: 0.5, b1: 1, b2: 'stale', b3: 1 };
    const lookup = (id: string) => scores[id] ?? null;
    expect(quizStanding(banks[0]!, lookup, 0.7)).toMatchObject({ score: 0.75, answered: 2, stale: 0, passed: true });
    expect(quizStanding(banks[1]!, lookup, 0.7)).toMatchObject({ score: 0.5, answered: 2, stale: 1, passed: false });
    const m = moduleStanding(banks, lookup, 0.7);
    expect(m.score).toBeCloseTo(3.5 / 6);
    expect(m).toMatchObject({ total: 6, answered: 4, passed: false });
    expect(moduleStanding(banks, lookup, 0.5).passed).toBe(true);
    expect(moduleStanding([], lookup, 0).passed).toBe(false);
  });
});

describe('lab checklist', () => {
  it('reads the success criteria of the lab page in order, once each', () => {
    const mdx = `<Checklist label="Step 1 is done when">
  <CheckItem id="cluster-exists" verified>\`kind get clusters\` lists \`tracing-lab\`.</CheckItem>
  <CheckItem id="node-ready">The node is **Ready**.</CheckItem>
  <CheckItem id="cluster-exists">again</CheckItem>
</Checklist>`;
    expect(labChecklist(mdx)).toEqual([
      { id: 'cluster-exists', label: 'kind get clusters lists tracing-lab.' },
      { id: 'node-ready', label: 'The node is Ready.' },
    ]);
  });
});
