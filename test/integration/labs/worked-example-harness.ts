// Runs the worked-example service for real, the way a learner starts it, and
// receives what it exports as OTLP/HTTP JSON. Shared by the worked example's
// own test and by the test that holds the in-browser sandbox to it.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

export const EXAMPLE_DIR = join(import.meta.dirname, '../../../labs/worked-example');
export const INSTALL_HINT = 'run `npm install --prefix labs/worked-example` first';
export const installed = existsSync(join(EXAMPLE_DIR, 'node_modules/@opentelemetry/sdk-node'));

export interface OtlpValue {
  stringValue?: string;
  intValue?: number | string;
  doubleValue?: number;
  boolValue?: boolean;
}
export interface OtlpAttribute {
  key: string;
  value: OtlpValue;
}
export interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  startTimeUnixNano: string | number;
  endTimeUnixNano: string | number;
  attributes?: OtlpAttribute[];
  status?: { code?: number; message?: string };
  events?: { name: string; attributes?: OtlpAttribute[] }[];
}
export interface OtlpRequest {
  resourceSpans: {
    resource?: { attributes?: OtlpAttribute[] };
    scopeSpans: { spans: OtlpSpan[] }[];
  }[];
}
/** One exported span with its resource and attributes as plain records. */
export interface ExportedSpan extends OtlpSpan {
  resource: Record<string, unknown>;
  attrs: Record<string, unknown>;
  startMs: number;
  endMs: number;
  durationMs: number;
}

/** OTLP enums as they appear in the JSON encoding. */
export const OTLP_STATUS = { UNSET: 0, OK: 1, ERROR: 2 } as const;
export const OTLP_KIND = { INTERNAL: 1, SERVER: 2, CLIENT: 3, PRODUCER: 4, CONSUMER: 5 } as const;

function valueOf(value: OtlpValue): unknown {
  if (value.stringValue !== undefined) return value.stringValue;
  if (value.intValue !== undefined) return Number(value.intValue);
  if (value.doubleValue !== undefined) return value.doubleValue;
  if (value.boolValue !== undefined) return value.boolValue;
  return value;
}

export function toRecord(attributes: OtlpAttribute[] = []): Record<string, unknown> {
  return Object.fromEntries(attributes.map((a) => [a.key, valueOf(a.value)]));
}

/** Flattens OTLP JSON export requests into spans that carry their resource. */
export function flatten(requests: OtlpRequest[]): ExportedSpan[] {
  return requests.flatMap((request) =>
    request.resourceSpans.flatMap((rs) => {
      const resource = toRecord(rs.resource?.attributes);
      return rs.scopeSpans.flatMap((ss) =>
        ss.spans.map((span) => {
          const startMs = Number(BigInt(span.startTimeUnixNano) / 1000n) / 1000;
          const endMs = Number(BigInt(span.endTimeUnixNano) / 1000n) / 1000;
          return { ...span, resource, attrs: toRecord(span.attributes), startMs, endMs, durationMs: endMs - startMs };
        }),
      );
    }),
  );
}

export interface Receiver {
  server: Server;
  url: string;
  received: OtlpRequest[];
  contentTypes: string[];
  paths: string[];
}

/** A minimal OTLP/HTTP receiver: accepts JSON on /v1/traces and keeps it. */
export function startReceiver(): Promise<Receiver> {
  const received: OtlpRequest[] = [];
  const contentTypes: string[] = [];
  const paths: string[] = [];
  const server = createServer((request, response) => {
    paths.push(`${request.method} ${request.url}`);
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      if (request.method === 'POST' && request.url === '/v1/traces') {
        contentTypes.push(String(request.headers['content-type']));
        received.push(JSON.parse(Buffer.concat(chunks).toString('utf8')) as OtlpRequest);
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end('{}');
      } else {
        response.writeHead(404);
        response.end();
      }
    });
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({ server, url: `http://127.0.0.1:${port}`, received, contentTypes, paths });
    });
  });
}

export interface RunningService {
  child: ChildProcess;
  baseUrl: string;
  output: () => string;
}

/** Starts the service exactly as `npm start` does and waits for its listening line. */
export function startService(env: Record<string, string>): Promise<RunningService> {
  const child = spawn(process.execPath, ['--import', './src/telemetry.ts', 'src/server.ts'], {
    cwd: EXAMPLE_DIR,
    env: { PATH: process.env['PATH'] ?? '', HOST: '127.0.0.1', PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`service did not start within 15 s:\n${out}`)), 15_000);
    const onData = () => {
      const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (match?.[1]) {
        clearTimeout(timer);
        child.stdout?.off('data', onData);
        resolve({ child, baseUrl: match[1], output: () => out });
      }
    };
    child.stdout?.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`service exited with code ${code} before listening:\n${out}`));
    });
  });
}

/**
 * Stops the service with SIGTERM, as Kubernetes does; resolves with its exit
 * code once it has gone. The service flushes buffered spans before it exits.
 */
export function stop(child: ChildProcess | undefined): Promise<number | null> {
  if (!child || child.exitCode !== null) return Promise.resolve(child?.exitCode ?? null);
  return new Promise((resolve) => {
    child.once('exit', (code) => resolve(code));
    child.kill('SIGTERM');
  });
}

export async function waitFor(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The OTLP settings the tests start the service with (JSON over HTTP to the receiver). */
export function otlpEnv(receiver: Receiver, extra: Record<string, string> = {}): Record<string, string> {
  return { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json', ...extra };
}
