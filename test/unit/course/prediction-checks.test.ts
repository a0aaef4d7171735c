import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCourseContentOrThrow } from '../../../src/node/load-content.ts';
import { judgeCheck } from '../../../src/course/prediction.ts';
import { runCheckout } from '../../../src/sandbox/run-checkout.ts';
import { summarize } from '../../../src/sandbox/run-facts.ts';
import type { ScenarioOptions } from '../../../src/sandbox/scenario.ts';

// Every "check it in the sandbox" in the course must confirm the bank's own
// answer: otherwise the sandbox would tell a learner the right answer is wrong.

const content = loadCourseContentOrThrow(join(import.meta.dirname, '../../../content'));
const checked = [...content.predictionsById.values()].filter(({ prediction }) => prediction.kind === 'choice' && prediction.check);

describe('prediction checks agree with the sandbox', () => {
  it('the course has predictions with sandbox checks', () => {
    expect(checked.length).toBeGreaterThan(0);
  });
  for (const { prediction } of checked) {
    it(`${prediction.id}: the scenario's facts support the answer "${prediction.kind === 'choice' ? prediction.answer : ''}"`, async () => {
      if (prediction.kind !== 'choice' || !prediction.check) return;
      for (const seed of [1, 2, 3]) {
        const scenario = { ...prediction.check.scenario, seed, realTime: false } as ScenarioOptions;
        const facts = summarize(await runCheckout(scenario));
        const verdict = judgeCheck(prediction, facts, { choice: prediction.answer })!;
        expect(verdict, `seed ${seed}: ${verdict.message}`).toMatchObject({
          supportedChoice: prediction.answer,
          confirmsAnswer: true,
          held: true,
        });
      }
    });
  }
});
