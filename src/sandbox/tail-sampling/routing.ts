import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import type { TailSampling } from '../../schemas/tail-sampling';
import { createRandom } from '../../shared/random.ts';
import { traceIdBytes } from './probabilistic';
import { simulateTailSampling } from './simulate';
import type { TailSamplingOptions, TraceOutcome } from './simulate';
import { recordOf, traceDurationUs, traceFromRecords } from './trace-data';

// Two collector tiers: agents forward spans to a pool of gateway collectors,
// each running the same tail_sampling policies on what it receives. How
// spans are spread over the pool decides whether each gateway sees whole
// traces.
//
// - `connection`: a plain Kubernetes Service in front of the gateways
//   balances connections, not traces, so each batch lands on whichever pod
//   its connection reached; here each span goes to a gateway picked by a
//   seeded random draw.
// - `traceID`: the load-balancing exporter's default routing key. Its ring
//   follows exporter/loadbalancingexporter/consistent_hashing.go in
//   open-telemetry/opentelemetry-collector-contrib: CRC-32 (IEEE) of the 16
//   trace-id bytes modulo 36,000 positions, and 100 positions per endpoint
//   (CRC-32 of the endpoint name followed by one byte 0..99); a trace goes
//   to the endpoint at the first position at or after its own, wrapping
//   round to the first (the file's bsearch). Read at commits 027dbf7b and,
//   with the identifier passed as bytes, in the index's newer copy; the lab
//   pins collector-contrib 0.162.0.
// - `service`: the exporter's `routing_key: service`, the same ring keyed by
//   the resource's service.name (meant for span metrics, not tail sampling).

export type RoutingKey = 'connection' | 'traceID' | 'service';

export interface TierOptions extends TailSamplingOptions {
  /** Gateway endpoints, e.g. ['gateway-0:4317', 'gateway-1:4317']. */
  readonly gateways: readonly string[];
  readonly routing: RoutingKey;
  /** Seeds the `connection` draw; the same seed spreads the same spans the same way. */
  readonly seed?: number;
}

const MAX_POSITIONS = 36_000;
const POINTS_PER_ENDPOINT = 100;

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n += 1) {
    let c = n;
    for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** CRC-32 (IEEE), as Go's hash/crc32 ChecksumIEEE computes it. */
export function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of bytes) crc = (CRC_TABLE[(crc ^ byte) & 0xff]! ^ (crc >>> 8)) >>> 0;
  return (crc ^ 0xffffffff) >>> 0;
}

const encoder = new TextEncoder();

interface RingItem {
  readonly position: number;
  readonly endpoint: string;
}

/** The exporter's hash ring: positions taken by an earlier endpoint are skipped, then sorted. */
export function hashRing(endpoints: readonly string[]): readonly RingItem[] {
  const taken = new Set<number>();
  const items: RingItem[] = [];
  for (const endpoint of endpoints) {
    const name = encoder.encode(endpoint);
    for (let i = 0; i < POINTS_PER_ENDPOINT; i += 1) {
      const bytes = new Uint8Array(name.length + 1);
      bytes.set(name);
      bytes[name.length] = i;
      const position = crc32(bytes) % MAX_POSITIONS;
      if (taken.has(position)) continue;
      taken.add(position);
      items.push({ position, endpoint });
    }
  }
  return items.sort((a, b) => a.position - b.position);
}

/** The endpoint at or after a position, wrapping round to the first. */
function endpointAt(ring: readonly RingItem[], position: number): string {
  let low = 0;
  let high = ring.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (ring[mid]!.position < position) low = mid + 1;
    else high = mid;
  }
  return (ring[low] ?? ring[0])!.endpoint;
}

export function endpointForTraceId(ring: readonly RingItem[], traceIdHex: string): string {
  return endpointAt(ring, crc32(traceIdBytes(traceIdHex)) % MAX_POSITIONS);
}

export function endpointForService(ring: readonly RingItem[], service: string): string {
  return endpointAt(ring, crc32(encoder.encode(service)) % MAX_POSITIONS);
}

/** Which gateway receives each span, in the order given. */
export function routeSpans(
  spans: readonly ReadableSpan[],
  options: Pick<TierOptions, 'gateways' | 'routing' | 'seed'>,
): Map<string, ReadableSpan[]> {
  const { gateways, routing } = options;
  if (gateways.length === 0) throw new Error('routing needs at least one gateway');
  const out = new Map<string, ReadableSpan[]>(gateways.map((gateway) => [gateway, []]));
  const ring = hashRing(gateways);
  const random = createRandom(options.seed ?? 1);
  for (const span of spans) {
    const record = recordOf(span);
    let gateway: string;
    if (routing === 'traceID') gateway = endpointForTraceId(ring, record.traceId);
    else if (routing === 'service') gateway = endpointForService(ring, record.service);
    else gateway = gateways[Math.floor(random.next() * gateways.length)]!;
    out.get(gateway)!.push(span);
  }
  return out;
}

/** One gateway's view of one trace. */
export interface GatewayView {
  readonly gateway: string;
  readonly spansSeen: number;
  readonly hasErrorInView: boolean;
  readonly durationInViewMs: number;
  readonly decision: TraceOutcome['outcome'];
  readonly matchedPolicies: readonly string[];
}

export type TierTraceFate = 'kept-whole' | 'kept-partly' | 'dropped';

export interface TierTrace {
  readonly traceId: string;
  readonly spanCount: number;
  readonly spansKept: number;
  readonly hasError: boolean;
  readonly durationMs: number;
  readonly rootName: string | undefined;
  readonly fate: TierTraceFate;
  /** What the policies decide when one collector sees every span of the trace. */
  readonly wholeTraceDecision: TraceOutcome['outcome'];
  /** A gateway voted otherwise than the whole trace deserves, having seen only part of it. */
  readonly misjudged: boolean;
  /** One entry per gateway that received part of the trace, in gateway order. */
  readonly views: readonly GatewayView[];
}

export interface TierTotals {
  readonly traces: number;
  /** Traces whose spans reached more than one gateway. */
  readonly splitTraces: number;
  readonly keptWhole: number;
  /** Traces stored with holes: some gateways kept their part, others dropped theirs. */
  readonly keptPartly: number;
  readonly errorTraces: number;
  readonly errorTracesKeptWhole: number;
  readonly spans: number;
  readonly spansKept: number;
  /** Traces where at least one gateway decided otherwise than the whole trace deserves. */
  readonly misjudged: number;
}

export interface TierResult {
  readonly traces: readonly TierTrace[];
  readonly totals: TierTotals;
}

/** Routes spans to the gateways, runs each gateway's tail sampling on its share, and joins the outcomes per trace. */
export function simulateGatewayTier(config: TailSampling, spans: readonly ReadableSpan[], options: TierOptions): TierResult {
  const routed = routeSpans(spans, options);
  const perGateway = new Map<string, Map<string, TraceOutcome>>();
  for (const [gateway, share] of routed) {
    const result = simulateTailSampling(config, share, options);
    perGateway.set(gateway, new Map(result.traces.map((t) => [t.traceId, t])));
  }

  // The reference: one collector that sees every span.
  const whole = new Map(simulateTailSampling(config, spans, options).traces.map((t) => [t.traceId, t.outcome]));

  const byTrace = new Map<string, ReturnType<typeof recordOf>[]>();
  for (const span of spans) {
    const record = recordOf(span);
    const list = byTrace.get(record.traceId);
    if (list) list.push(record);
    else byTrace.set(record.traceId, [record]);
  }

  const traces: TierTrace[] = [];
  let splitTraces = 0;
  let keptWhole = 0;
  let keptPartly = 0;
  let errorTraces = 0;
  let errorTracesKeptWhole = 0;
  let spansKept = 0;
  let misjudged = 0;
  for (const [traceId, records] of byTrace) {
    const trace = traceFromRecords(traceId, records);
    const wholeTraceDecision = whole.get(traceId) ?? 'not-sampled';
    const views: GatewayView[] = [];
    let kept = 0;
    for (const gateway of options.gateways) {
      const outcome = perGateway.get(gateway)?.get(traceId);
      if (!outcome) continue;
      kept += outcome.spansKept;
      views.push({
        gateway,
        spansSeen: outcome.spanCount,
        hasErrorInView: outcome.hasError,
        durationInViewMs: outcome.durationMs,
        decision: outcome.outcome,
        matchedPolicies: outcome.matchedPolicies,
      });
    }
    const fate: TierTraceFate = kept === 0 ? 'dropped' : kept === records.length ? 'kept-whole' : 'kept-partly';
    if (views.length > 1) splitTraces += 1;
    if (fate === 'kept-whole') keptWhole += 1;
    if (fate === 'kept-partly') keptPartly += 1;
    if (trace.hasError) errorTraces += 1;
    if (trace.hasError && fate === 'kept-whole') errorTracesKeptWhole += 1;
    spansKept += kept;
    const wrong = views.some((view) => view.decision !== wholeTraceDecision);
    if (wrong) misjudged += 1;
    traces.push({
      traceId,
      spanCount: records.length,
      spansKept: kept,
      hasError: trace.hasError,
      durationMs: traceDurationUs(trace) / 1000,
      rootName: trace.root?.name,
      fate,
      wholeTraceDecision,
      misjudged: wrong,
      views,
    });
  }
  return {
    traces,
    totals: {
      traces: traces.length,
      splitTraces,
      keptWhole,
      keptPartly,
      errorTraces,
      errorTracesKeptWhole,
      spans: spans.length,
      spansKept,
      misjudged,
    },
  };
}
