import type { Context } from '@opentelemetry/api';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace-base';

/**
 * The in-memory "collector" of one run: every service's provider sends its
 * finished spans here, as a real exporter pipeline would send them to an
 * OpenTelemetry Collector.
 */
export class SpanCollector implements SpanProcessor {
  readonly spans: ReadableSpan[] = [];
  /** Spans started but not yet ended: a run that leaves any open has a bug. */
  private open = 0;

  onStart(_span: Span, _parentContext: Context): void {
    this.open += 1;
  }

  onEnd(span: ReadableSpan): void {
    this.open -= 1;
    this.spans.push(span);
  }

  get openSpans(): number {
    return this.open;
  }

  forceFlush(): Promise<void> {
    return Promise.resolve();
  }

  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}
