// Builds the Jaeger API v3 answers that verify.sh's tests replay, from the
// upstream-shaped traces in hotrod-traces.ts and the lab's own collector
// config. `npx tsx test/unit/labs/verify-fixtures.ts` writes them;
// verify-fixtures.test.ts fails when the committed files differ from what
// this builds, so a change to the lab's redaction shows up in the fixtures.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Attributes } from '@opentelemetry/api';
import type { OtlpKeyValue } from '../../../src/sandbox/otlp-json';
import { applyActions, parseRedactionYaml } from '../../../src/sandbox/redaction';
import { compileRedaction, parseRedactionProcessorYaml, redactTraces } from '../../../src/sandbox/redaction-processor';
import { buildTrace, checkoutResource, checkoutSpans, dispatchSpans, servicesResponse, traceId, tracesResponse } from './hotrod-traces.ts';
import { collectorYaml, loadManifests, TRACING_DIR } from './lab-files.ts';

export const FIXTURES_DIR = join(import.meta.dirname, 'fixtures/verify');

/** What kubectl prints on stderr (exit 1) for a proxied answer that is not 2xx: it drops Jaeger's body. */
export const KUBECTL_ERRORS = {
  notFound: 'Error from server (NotFound): the server could not find the requested resource\n',
  badRequest: 'Error from server (BadRequest): the server rejected our request for an unknown reason\n',
  unavailable: 'Error from server (ServiceUnavailable): no endpoints available for service "jaeger:16686"\n',
};

/** The lab's `redaction/customer` processor, read from the manifest a learner applies. */
export function labRedaction() {
  const parsed = parseRedactionProcessorYaml(collectorYaml(loadManifests(), 'otel-collector-config'));
  if (!parsed.ok) throw new Error(`the lab's redaction processor does not parse: ${parsed.errors.map((e) => e.message).join('; ')}`);
  return compileRedaction(parsed.config);
}

/**
 * The "before" of the lab's step 9: exercises/collector-hash-only.yaml's
 * attributes processor, run by the course's attributes engine on span
 * attributes (the only ones the real processor touches: attributesprocessor/
 * attributes_trace.go calls Process on span.Attributes()).
 */
export function hashOnly(traces: object[][]): object[][] {
  const yaml = readFileSync(join(TRACING_DIR, 'exercises/collector-hash-only.yaml'), 'utf8');
  const configMap = yaml.slice(yaml.indexOf('config.yaml: |'));
  const text = configMap
    .split('\n')
    .slice(1)
    .map((line) => line.slice(4))
    .join('\n');
  const parsed = parseRedactionYaml(text);
  if (!parsed.ok) throw new Error(`exercises/collector-hash-only.yaml: ${parsed.errors.map((e) => e.message).join('; ')}`);
  const toAttributes = (kvs: OtlpKeyValue[]): Attributes =>
    Object.fromEntries(kvs.map(({ key, value }) => [key, value.stringValue ?? (value.intValue !== undefined ? Number(value.intValue) : value.boolValue)]));
  const toKv = (attributes: Attributes, before: OtlpKeyValue[]): OtlpKeyValue[] =>
    Object.entries(attributes).map(([key, value]) => before.find((kv) => kv.key === key && toAttributes([kv])[key] === value) ?? { key, value: { stringValue: String(value) } });
  return traces.map((resourceSpans) =>
    (resourceSpans as { scopeSpans: { spans: { attributes: OtlpKeyValue[] }[] }[] }[]).map((rs) => ({
      ...rs,
      scopeSpans: rs.scopeSpans.map((ss) => ({
        ...ss,
        spans: ss.spans.map((span) => ({ ...span, attributes: toKv(applyActions(toAttributes(span.attributes), parsed.config).after, span.attributes) })),
      })),
    })),
  );
}

const HOTROD_SERVICES = ['checkout-api', 'customer', 'driver', 'frontend', 'mysql', 'redis-manual', 'route'];

export function dispatchTraces(): object[][] {
  return [123, 392].map((customer, i) => buildTrace(traceId('4bf92f3577b34da6', i + 1), i + 1, dispatchSpans(customer)));
}

function redacted(traces: object[][]): object[][] {
  const compiled = labRedaction();
  return traces.map((resourceSpans) => redactTraces({ resourceSpans: resourceSpans as never[] }, compiled).resourceSpans ?? []);
}

function checkoutTraces(carts: ('normal' | 'slow' | 'fail')[]): object[][] {
  return carts.map((cart, i) => buildTrace(traceId('0af7651916cd43dd', i + 1), 10 + i, checkoutSpans(cart), checkoutResource));
}

/** Relative path under fixtures/verify -> file content. */
export function verifyFixtures(): Record<string, string> {
  const passingFrontend = redacted(dispatchTraces());
  // Broken propagation: each service starts its own trace, so a frontend
  // search finds only frontend's spans.
  const frontendOnly = passingFrontend.map((resourceSpans) =>
    resourceSpans.filter((rs) =>
      JSON.stringify((rs as { resource: unknown }).resource).includes('"stringValue":"frontend"'),
    ),
  );
  return {
    'passing/responses/jaeger-v3-services.json': servicesResponse(HOTROD_SERVICES),
    'passing/responses/jaeger-v3-traces-frontend.json': tracesResponse(passingFrontend),
    'passing/responses/jaeger-v3-traces-checkout.json': tracesResponse(checkoutTraces(['normal', 'slow', 'fail'])),
    'passing/responses/jaeger-v3-traces-checkout-slow.json': tracesResponse(checkoutTraces(['slow'])),
    'propagation/responses/jaeger-v3-traces-frontend.json': tracesResponse(frontendOnly),
    'customer-leak/responses/jaeger-v3-traces-frontend.json': tracesResponse(hashOnly(dispatchTraces())),
    'no-services/responses/jaeger-v3-services.json': servicesResponse([]),
    'no-errors/responses/jaeger-v3-traces-checkout.json': tracesResponse(checkoutTraces(['normal', 'slow'])),
    'errors/not-found.stderr': KUBECTL_ERRORS.notFound,
    'errors/bad-request.stderr': KUBECTL_ERRORS.badRequest,
    'errors/unavailable.stderr': KUBECTL_ERRORS.unavailable,
  };
}

const FRONTEND = '*/proxy/api/v3/traces?query.serviceName=frontend&*';
const CHECKOUT_SLOW = '*/proxy/api/v3/traces?query.serviceName=checkout-api&*&query.durationMin=500ms';
const CHECKOUT = '*/proxy/api/v3/traces?query.serviceName=checkout-api&*';

/** Scenarios that differ from `passing` in a few answers: their replay lines, placed before passing's (first match wins). */
type Line = [pattern: string, response: string, exit: number];
export const DERIVED_SCENARIOS: Record<string, { why: string; lines: Line[]; curl?: Line[] }> = {
  propagation: { why: 'context is lost after the first hop: a frontend search finds frontend spans only', lines: [[FRONTEND, 'responses/jaeger-v3-traces-frontend.json', 0]] },
  'customer-leak': { why: 'the collector runs exercises/collector-hash-only.yaml: the customer id reaches Jaeger in clear', lines: [[FRONTEND, 'responses/jaeger-v3-traces-frontend.json', 0]] },
  'no-services': { why: 'Jaeger has stored nothing yet: /api/v3/services answers an empty list', lines: [['*/proxy/api/v3/services', 'responses/jaeger-v3-services.json', 0]] },
  'no-errors': { why: 'checkout traces arrive, but no failed checkout was kept', lines: [[CHECKOUT_SLOW, '../passing/responses/jaeger-v3-traces-checkout-slow.json', 0], [CHECKOUT, 'responses/jaeger-v3-traces-checkout.json', 0]] },
  'no-slow': { why: 'no checkout of 500 ms or more: Jaeger answers the duration search with 404', lines: [[CHECKOUT_SLOW, '../errors/not-found.stderr', 1]] },
  'no-traffic': { why: 'no request was sent in the window: every trace search answers 404', lines: [['*/proxy/api/v3/traces?*', '../errors/not-found.stderr', 1]] },
  'first-run': {
    why: 'the learner has not started the port-forwards and sent no request yet: Jaeger knows no service',
    lines: [
      ['*/proxy/api/v3/services', '../no-services/responses/jaeger-v3-services.json', 0],
      ['*/proxy/api/v3/traces?*', '../errors/not-found.stderr', 1],
    ],
    curl: [['*http://127.0.0.1:8080/', '-', 7], ['*http://127.0.0.1:16686/', '-', 7]],
  },
  'jaeger-rejects': { why: 'Jaeger refuses the search parameters (HTTP 400), as a Jaeger older than the pin might', lines: [['*/proxy/api/v3/traces?*', '../errors/bad-request.stderr', 1]] },
};

function derivedTable(scenario: string, tool: string, passing: string): string {
  const spec = DERIVED_SCENARIOS[scenario]!;
  const own = (tool === 'kubectl' ? spec.lines : tool === 'curl' ? (spec.curl ?? []) : []).map((line) => line.join('\t'));
  const inherited = passing
    .split('\n')
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => line.replace('\tresponses/', '\t../passing/responses/'));
  return [`# Made by verify-fixtures.ts: as passing, except that ${spec.why}.`, ...own, ...inherited, ''].join('\n');
}

/** The replay tables of the derived scenarios, from passing's. */
export function derivedTables(read: (file: string) => string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const scenario of Object.keys(DERIVED_SCENARIOS)) {
    for (const tool of ['kubectl', 'curl', 'kind']) {
      out[`${scenario}/${tool}.tsv`] = derivedTable(scenario, tool, read(`passing/${tool}.tsv`));
    }
  }
  return out;
}

/** Every generated file: answers and replay tables. */
export function allVerifyFixtures(read: (file: string) => string): Record<string, string> {
  return { ...verifyFixtures(), ...derivedTables(read) };
}

if (import.meta.filename === process.argv[1]) {
  const read = (file: string) => readFileSync(join(FIXTURES_DIR, file), 'utf8');
  for (const [file, content] of Object.entries(allVerifyFixtures(read))) {
    const path = join(FIXTURES_DIR, file);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, content);
    console.log(`wrote ${file}`);
  }
}
