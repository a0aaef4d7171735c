// Metrics the collector's connectors derive from spans: spanmetrics (RED) and servicegraph (edges).
export {
  DEFAULT_DURATION_BUCKETS_MS,
  SPANMETRICS_NAMESPACE,
  spanMetrics,
  type SpanMetricsLabels,
  type SpanMetricsResult,
  type SpanMetricsSeries,
} from './spanmetrics';
export { quantileBucket, red, type QuantileBucket, type Red, type RedQuery } from './red';
export { serviceGraph, type ConnectionType, type ServiceGraph, type ServiceGraphEdge, type ServiceGraphOptions } from './service-graph';
