import type { MetricsSeries } from '../traceql/metrics';
import type { TraceQLResult } from '../traceql/run';
import { formatCount } from '../../shared/format';
import { formatValue } from './format';

// What the TraceQL playground says about a result, in words (for the live
// region) and as labels (for the chart and its table).

/** A series' name as Grafana writes it: `{resource.service.name="payment-api"}`; `{}` for the only series. */
export function seriesLabel(labels: MetricsSeries['labels']): string {
  if (labels.length === 0) return '{}';
  return `{${labels.map((l) => `${l.label}=${typeof l.value === 'string' ? JSON.stringify(l.value) : String(l.value)}`).join(', ')}}`;
}

const ERROR_KIND_WORDS = {
  syntax: 'Syntax error',
  unsupported: 'Not supported by the playground',
  invalid: 'Cannot run the query',
} as const;

/** The heading of an error message: what kind of problem and where. */
export function errorHeading(error: Extract<TraceQLResult, { ok: false }>['error']): string {
  return `${ERROR_KIND_WORDS[error.kind]} at line ${error.line}, column ${error.column}`;
}

function steps(stepMs: number): string {
  return stepMs >= 1000 ? `${formatValue(stepMs / 1000)} s` : `${formatValue(stepMs)} ms`;
}

/** One sentence for the live region. */
export function traceqlSummary(result: TraceQLResult): string {
  if (!result.ok) return `${errorHeading(result.error)}: ${result.error.message}`;
  if (result.kind === 'search') {
    const n = result.traces.length;
    if (n === 0) return `No trace matches, out of ${formatCount(result.tracesSearched)} searched.`;
    return `${formatCount(n)} ${n === 1 ? 'trace matches' : 'traces match'} out of ${formatCount(result.tracesSearched)}, with ${formatCount(result.matchedSpans)} matched ${result.matchedSpans === 1 ? 'span' : 'spans'}.`;
  }
  const count = result.series.length;
  if (count === 0) return `${result.fn}: no span matches, so there is no series to draw.`;
  return `${result.fn}: ${count} ${count === 1 ? 'series' : 'series'} over ${result.timestamps.length} steps of ${steps(result.stepMs)}, from ${formatCount(result.matchedSpans)} matched spans.`;
}

/** A series' values for a table cell: empty steps read as "–" (no spans), numbers in the series' unit. */
export function cellValue(value: number | null): string {
  return value === null ? '–' : formatValue(value);
}
