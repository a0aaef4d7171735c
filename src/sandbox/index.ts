// The sandbox engine's public surface: what islands, lessons' checks and the
// other sandbox tools (sampling, TraceQL, correlation) import.

export { type ConsoleSpanJson, formatConsoleJson, toConsoleJson } from './console-json';
export { createRandom, type Random, SeededIdGenerator } from './random';
export { describeTraces, type Finding, type FindingKind } from './describe-run';
export type { LogRecord, LogSeverity } from './logs';
export type { EdgeRecord, EdgeRecordId } from './network';
export { fromOtlpJson, OtlpJsonError, toOtlpJson } from './otlp-json';
export { type RunFacts, summarize } from './run-facts';
export { resolveScenario, runCheckout, type SandboxRun } from './run-checkout';
export { CART_KINDS, type CartKind, checkScenario, type ResolvedScenario, type ScenarioOptions } from './scenario';
export { DEFAULT_COLLECTOR_URL, type SendResult, sendToCollector } from './send-to-collector';
export { createServiceTracers, type ServiceTracerOptions, type ServiceTracers, serviceResourceAttributes } from './services';
export { type DetailField, formatAttributeValue, KIND_NAMES, type SpanDetails, STATUS_NAMES, spanDetails } from './span-details';
export { formatDuration, hrTimeToMicros } from './time';
export {
  DEPLOYMENT_ENVIRONMENT,
  EDGE_ENDPOINTS,
  EDGE_IDS,
  type EdgeId,
  type ExternalEdgeId,
  type ExternalPeer,
  isEdgeId,
  isServiceName,
  SERVICE_NAMES,
  SERVICES,
  type ServiceName,
} from './topology';
export {
  buildTrace,
  buildTraces,
  type CriticalSegment,
  computeCriticalPath,
  errorOrigins,
  findGaps,
  findOrphans,
  type Gap,
  type GapOptions,
  groupByTrace,
  largestSelfTime,
  type SpanNode,
  type SpanRecord,
  type TraceTree,
  toSpanRecord,
  toSpanRecords,
  uncovered,
} from './trace-model';
export {
  generateTraffic,
  TRAFFIC_ROUTE_TEMPLATES,
  TRAFFIC_ROUTES,
  type Traffic,
  type TrafficOptions,
  type TrafficRequest,
  type TrafficRoute,
} from './traffic';
export {
  type Bar,
  barFor,
  parentRowIndex,
  type RowOptions,
  SERVICE_COLOR_COUNT,
  type SpanRow,
  serviceColorIndex,
  type Tick,
  type TimelineWindow,
  timelineWindows,
  timeTicks,
  type TraceRow,
  type WaterfallRow,
  waterfallRows,
} from './waterfall-model';
