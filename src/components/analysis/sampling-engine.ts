// What the sampling lab loads when the learner first simulates (see
// ../sandbox/use-engine.ts): the OpenTelemetry SDK's samplers, the traffic
// simulator, the collector's tail_sampling policies with the YAML reader, and
// the strategy comparison that runs them all.
export { simulateHeadSampling } from '../../sandbox/head-sampling';
export { runTailSampling } from '../../sandbox/tail-sampling/simulate';
export { generateTraffic } from '../../sandbox/traffic';
export { StrategyComparePanel } from './StrategyComparePanel';
