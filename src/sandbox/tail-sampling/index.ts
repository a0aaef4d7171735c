// The tail-sampling lab's engine: collector YAML in, per-trace decisions out.
export { readProcessorConfig, type ConfigError, type ConfigResult } from './collector-yaml';
export { gradeSamplingPolicy, type RequirementResult, type SamplingPolicyGrade, type SamplingRequirements } from './grade';
export { combineDecisions, compilePolicy, type FinalDecision, type PolicyDecision, type TraceView } from './policies';
export { DEFAULT_HASH_SALT, hashTraceId, probabilisticSampler, samplingThreshold } from './probabilistic';
export {
  DEFAULT_SLOW_THRESHOLD_MS,
  parseTailSamplingYaml,
  runTailSampling,
  simulateTailSampling,
  type TailSamplingOptions,
  type TailSamplingResult,
  type TailSamplingRun,
  type TailSamplingTotals,
  type TraceOutcome,
  type TraceOutcomeKind,
} from './simulate';
export { groupTraces, traceDurationUs, type TraceData } from './trace-data';
export {
  crc32,
  endpointForService,
  endpointForTraceId,
  hashRing,
  routeSpans,
  simulateGatewayTier,
  type GatewayView,
  type RoutingKey,
  type TierOptions,
  type TierResult,
  type TierTotals,
  type TierTrace,
  type TierTraceFate,
} from './routing';
export { DEMO_GATEWAY_POLICY, DEMO_GATEWAYS, gatewayRoutingDemo, type GatewayRoutingDemo } from './routing-demo';
