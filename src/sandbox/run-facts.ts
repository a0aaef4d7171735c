import type { SandboxRun } from './run-checkout';
import { hrTimeToMicros } from './time';
import { buildTraces, findOrphans, largestSelfTime, toSpanRecords } from './trace-model';

/** Facts about a run that a prediction can be checked against. */
export interface RunFacts {
  /** Distinct trace ids. */
  traceCount: number;
  spanCount: number;
  /**
   * Name of the slowest span that is not a root span, measured by self time
   * (its duration minus the time its children cover). Measured by total
   * duration the answer would always be the span right under the root,
   * which encloses everything; self time names the span where the time went.
   */
  slowestChildSpan: string;
  /** Names of spans with status ERROR, in waterfall order. */
  errorSpans: string[];
  /** http.response.status_code of the root server span of the first trace. */
  rootStatusCode: number | null;
  /** Spans whose parent id is not in the run. */
  orphanSpans: number;
}

export function summarize(run: Pick<SandboxRun, 'spans'>): RunFacts {
  const records = toSpanRecords(run.spans);
  const traces = buildTraces(records);
  let slowest: { name: string; selfUs: number } | null = null;
  for (const trace of traces) {
    const node = largestSelfTime(trace);
    if (node && (!slowest || node.selfUs > slowest.selfUs)) slowest = { name: node.span.name, selfUs: node.selfUs };
  }
  const firstRoot = traces[0]?.root ?? null;
  const status = firstRoot?.span.attributes['http.response.status_code'];
  return {
    traceCount: traces.length,
    spanCount: records.length,
    slowestChildSpan: slowest?.name ?? '',
    errorSpans: traces.flatMap((t) => t.errors.map((n) => n.span.name)),
    rootStatusCode: typeof status === 'number' ? status : null,
    orphanSpans: findOrphans(records).length,
  };
}

/** Work that went on after the customer had the response (a message consumer, say). */
export interface BackgroundWork {
  /** The span that ended last. */
  service: string;
  name: string;
  /** How long after the response it ended. */
  afterResponseUs: number;
}

/** What the customer experienced, apart from what went on behind their back. */
export interface ResponseTiming {
  /** The HTTP status the customer received. */
  statusCode: number;
  /**
   * The response time: the duration of the root server span. Not the end of
   * the whole run, which includes work nobody waited for.
   */
  responseUs: number;
  /** The last span to end after the response, or null when nothing outlived it. */
  background: BackgroundWork | null;
}

export function responseTiming(run: Pick<SandboxRun, 'spans' | 'statusCode' | 'startUs' | 'responseEndUs'>): ResponseTiming {
  let background: BackgroundWork | null = null;
  for (const span of run.spans) {
    const after = hrTimeToMicros(span.endTime) - run.responseEndUs;
    if (after > 0 && (!background || after > background.afterResponseUs)) {
      const service = span.resource.attributes['service.name'];
      background = { service: typeof service === 'string' ? service : 'unknown_service', name: span.name, afterResponseUs: after };
    }
  }
  return { statusCode: run.statusCode, responseUs: run.responseEndUs - run.startUs, background };
}
