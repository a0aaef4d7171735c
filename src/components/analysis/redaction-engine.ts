// What the redaction lab runs: the collector's attributes processor (YAML
// reader, RE2 patterns, SHA-256) on the sample spans, and the sensitive-data
// check. The build runs it once for the starting configuration
// (RedactionLab.astro); the browser loads it on the learner's first Apply
// (see ../sandbox/use-engine.ts).
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { runRedaction } from '../../sandbox/redaction';
import { redactionSampleSpans } from '../../sandbox/view/redaction-sample';
import { type RedactionLabView, redactionLabView } from '../../sandbox/view/redaction-view';

let samples: readonly ReadableSpan[] | undefined;

/** The lab's view of one attributes-processor configuration applied to the sample spans. */
export function applyRedaction(yaml: string): RedactionLabView {
  samples ??= redactionSampleSpans();
  return redactionLabView(runRedaction(yaml, samples), samples);
}
