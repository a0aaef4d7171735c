import { judgeCheck, type CheckVerdict } from '../../course/prediction.ts';
import type { ChoicePrediction, PredictionResponse, ScenarioOptions } from '../../schemas/prediction.ts';

/** Runs a prediction's sandbox scenario and judges it. The engine loads only when asked. */
export async function runPredictionCheck(
  prediction: ChoicePrediction,
  response: PredictionResponse | undefined,
): Promise<CheckVerdict | null> {
  if (!prediction.check) return null;
  // The engine modules themselves, not the sandbox's index, whose chunk carries the sandbox island's styles.
  const [{ runCheckout }, { summarize }] = await Promise.all([
    import('../../sandbox/run-checkout.ts'),
    import('../../sandbox/run-facts.ts'),
  ]);
  // Drop absent keys: the sandbox's options have exact optional fields.
  const scenario = Object.fromEntries(Object.entries(prediction.check.scenario).filter(([, v]) => v !== undefined)) as ScenarioOptions;
  const run = await runCheckout({ ...scenario, realTime: false } as Parameters<typeof runCheckout>[0]);
  return judgeCheck(prediction, summarize(run), response);
}
