// What the checkout sandbox loads on its first run (see use-engine.ts): the
// OpenTelemetry SDK and the simulated services, and the views of a finished
// run. Nothing here is fetched before the learner presses a run button.
import { formatConsoleJson } from '../../sandbox/console-json';
import { describeResponse, describeTraces } from '../../sandbox/describe-run';
import { toOtlpJson } from '../../sandbox/otlp-json';
import { runCheckout } from '../../sandbox/run-checkout';
import { responseTiming } from '../../sandbox/run-facts';
import type { ScenarioOptions } from '../../sandbox/scenario';
import { buildTraces } from '../../sandbox/trace-model';
import { recordActivity } from '../quiz/browser-store';
import type { CheckoutRunView } from './CheckoutRunPanels';
import type { SandboxControl } from './controls';

export { CheckoutRunPanels } from './CheckoutRunPanels';

/** Runs one checkout and prepares what the sandbox shows; `summary` is the status line's account of it. */
export async function runSandbox(
  options: ScenarioOptions,
  controls: readonly SandboxControl[],
  lesson: string | undefined,
): Promise<{ view: CheckoutRunView; summary: string }> {
  const run = await runCheckout(options);
  const traces = buildTraces(run.spans);
  const traceCount = new Set(run.spans.map((s) => s.spanContext().traceId)).size;
  // A run counts as activity in this lesson (see src/course/activity.ts).
  if (lesson) recordActivity(lesson, 'sandbox');
  return {
    view: {
      run,
      traces,
      findings: describeTraces(traces, run.edges),
      otlp: controls.includes('export') ? toOtlpJson(run.spans) : '',
      consoleText: controls.includes('console') ? formatConsoleJson(run.spans) : '',
    },
    summary:
      `${describeResponse(responseTiming(run))}. ` +
      `${run.spans.length} spans in ${traceCount === 1 ? 'one trace' : `${traceCount} traces`}.`,
  };
}
