// The TraceQL playground's engine: Grafana's grammar, a stated subset, never a throw.
export type { QueryError, Query } from './ast';
export { gradeTraceQL, type TraceQLGrade } from './grade';
export { METRICS_NOTE, type MetricsResult, type MetricsSeries } from './metrics';
export { parseTraceQL, type ParseResult } from './parse';
export { runTraceQL, type TraceQLMatch, type TraceQLOptions, type TraceQLResult } from './run';
export { indexTraces, type TraceIndex } from './trace-index';
