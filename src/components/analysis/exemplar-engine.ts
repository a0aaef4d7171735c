// What the exemplar explorer loads when the learner asks for the histogram (see
// ../sandbox/use-engine.ts): the traffic simulator with the OpenTelemetry SDK,
// the histogram with its exemplars, and the waterfall of an exemplar's trace.
export { generateTraffic } from '../../sandbox/traffic';
export { latencyHistogram, logsForTrace } from '../../sandbox/exemplars';
export { buildTraces } from '../../sandbox/trace-model';
export { TraceWaterfall } from '../sandbox/TraceWaterfall';
