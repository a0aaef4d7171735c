import type { OutcomeId } from '../schemas/lesson.ts';

// The module's five learning outcomes, in the words the home page and the lessons use.
export const OUTCOME_LABELS: Record<OutcomeId, { short: string; full: string }> = {
  debug: {
    short: 'Debug with traces',
    full: 'Find the cause of a slow or failing request across services by reading a trace: its tree of spans, their timing, status and parent links.',
  },
  instrument: {
    short: 'Instrument a service',
    full: 'Add OpenTelemetry to an HTTP service so that it records useful spans, describes itself with resource attributes and passes trace context on.',
  },
  backends: {
    short: 'Choose a backend',
    full: 'Weigh Jaeger, Grafana Tempo and hosted tracing services against how you search, what storage costs, what you must run and how incidents are handled.',
  },
  sampling: {
    short: 'Design sampling',
    full: 'Design a sampling strategy that keeps the traces that matter, holds storage cost down and never hides the rare failure.',
  },
  correlate: {
    short: 'Correlate signals',
    full: 'Lead an investigation from a metric to the traces behind it and on to their logs, and judge what each piece of evidence proves.',
  },
};
