import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { recordOf } from '../tail-sampling/trace-data';

// What the collector's `servicegraph` connector makes of spans (connector/
// servicegraphconnector in open-telemetry/opentelemetry-collector-contrib;
// connector.go, factory.go, README.md). A client (or producer) span and the
// server (or consumer) span whose parent it is form one edge, keyed by trace
// id and the client's span id. A client span carrying one of the
// `database_name_attributes` (default [db.name]) is an edge to a database on
// its own, named by that attribute's value. The edge failed when either side
// has status ERROR. Metrics: traces_service_graph_request_total and
// traces_service_graph_request_failed_total, labelled client, server,
// connection_type (and failed). A client span whose server span never
// arrives (in the connector: before the store's TTL, default 2 s) makes no
// edge; this engine counts it as unpaired.

export type ConnectionType = '' | 'messaging_system' | 'database';

export interface ServiceGraphEdge {
  readonly client: string;
  readonly server: string;
  readonly connectionType: ConnectionType;
  /** traces_service_graph_request_total for this edge. */
  readonly requests: number;
  /** traces_service_graph_request_failed_total for this edge. */
  readonly failed: number;
}

export interface ServiceGraph {
  readonly edges: readonly ServiceGraphEdge[];
  /** Client or server halves that found no partner. */
  readonly unpaired: number;
}

export interface ServiceGraphOptions {
  /** Default ['db.name'], as the connector's factory sets it. */
  readonly databaseNameAttributes?: readonly string[];
}

interface Half {
  client?: string;
  server?: string;
  type: ConnectionType;
  failed: boolean;
}

export function serviceGraph(spans: readonly ReadableSpan[], options: ServiceGraphOptions = {}): ServiceGraph {
  const dbKeys = options.databaseNameAttributes ?? ['db.name'];
  const halves = new Map<string, Half>();
  const half = (key: string): Half => {
    let found = halves.get(key);
    if (!found) {
      found = { type: '', failed: false };
      halves.set(key, found);
    }
    return found;
  };
  for (const span of spans) {
    const record = recordOf(span);
    const failed = record.status.code === SpanStatusCode.ERROR;
    if (record.kind === SpanKind.CLIENT || record.kind === SpanKind.PRODUCER) {
      const edge = half(`${record.traceId}/${record.spanId}`);
      edge.client = record.service;
      edge.failed ||= failed;
      if (record.kind === SpanKind.PRODUCER) edge.type = 'messaging_system';
      const dbKey = dbKeys.find((key) => record.attributes[key] !== undefined || record.resource[key] !== undefined);
      if (dbKey !== undefined) {
        edge.type = 'database';
        edge.server = String(record.attributes[dbKey] ?? record.resource[dbKey]);
      }
    } else if ((record.kind === SpanKind.SERVER || record.kind === SpanKind.CONSUMER) && record.parentSpanId !== null) {
      const edge = half(`${record.traceId}/${record.parentSpanId}`);
      edge.server = record.service;
      edge.failed ||= failed;
      if (record.kind === SpanKind.CONSUMER) edge.type = 'messaging_system';
    }
  }
  const edges = new Map<string, { client: string; server: string; connectionType: ConnectionType; requests: number; failed: number }>();
  let unpaired = 0;
  for (const edge of halves.values()) {
    if (edge.client === undefined || edge.server === undefined) {
      unpaired += 1;
      continue;
    }
    const key = [edge.client, edge.server, edge.type].join('\u0000');
    let total = edges.get(key);
    if (!total) {
      total = { client: edge.client, server: edge.server, connectionType: edge.type, requests: 0, failed: 0 };
      edges.set(key, total);
    }
    total.requests += 1;
    if (edge.failed) total.failed += 1;
  }
  return { edges: [...edges.values()], unpaired };
}
