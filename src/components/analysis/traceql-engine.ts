// What the TraceQL playground loads on its first query (see ../sandbox/use-engine.ts):
// the traffic simulator with the OpenTelemetry SDK, the TraceQL parser and
// evaluator (with RE2 for regular expressions), and the waterfall that shows a
// matched trace. Nothing here is fetched before the learner runs a query.
export { generateTraffic } from '../../sandbox/traffic';
export { indexTraces, runTraceQL } from '../../sandbox/traceql';
export { buildTraces } from '../../sandbox/trace-model';
export { TraceWaterfall } from '../sandbox/TraceWaterfall';
