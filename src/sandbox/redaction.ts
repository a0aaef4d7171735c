import type { AttributeValue, Attributes } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { REDACTION_FIELD_NAMES, RedactionSchema } from '../schemas/redaction';
import type { Redaction } from '../schemas/redaction';
import { readProcessorConfig } from './tail-sampling/collector-yaml';
import type { ConfigResult } from './tail-sampling/collector-yaml';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { compileGoRegExp } from '../shared/go-regexp';
import { recordOf } from './tail-sampling/trace-data';

// The collector's `attributes` processor on span attributes, shown before
// and after, and a checker for values that must not leave the service.
// `hash` replaces a value with the hex SHA-256 of its bytes: the contrib
// processor's code does this (its README still says SHA-1, the algorithm it
// used before v0.75). SHA-256 comes from @noble/hashes, audited and
// synchronous, so the islands and the grader need no Web Crypto promise.

/** The bytes the processor hashes: a string's UTF-8, an int's or double's 8 little-endian bytes, a bool's single byte. */
function valueBytes(value: AttributeValue): Uint8Array | undefined {
  if (typeof value === 'string') return new TextEncoder().encode(value);
  if (typeof value === 'boolean') return new Uint8Array([value ? 1 : 0]);
  if (typeof value === 'number') {
    const bytes = new Uint8Array(8);
    const view = new DataView(bytes.buffer);
    if (Number.isSafeInteger(value)) view.setBigInt64(0, BigInt(value), true);
    else view.setFloat64(0, value, true);
    return bytes;
  }
  return undefined;
}

/** What `action: hash` writes for a value ("" for types the processor does not hash, such as arrays). */
export function hashAttributeValue(value: AttributeValue): string {
  const bytes = valueBytes(value);
  return bytes ? bytesToHex(sha256(bytes)) : '';
}

// ---- The actions --------------------------------------------------------------

export function parseRedactionYaml(yaml: string): ConfigResult<Redaction> {
  return readProcessorConfig(yaml, {
    type: 'attributes',
    schema: RedactionSchema,
    bodyKeys: ['actions'],
    fieldNames: REDACTION_FIELD_NAMES,
  });
}

export interface AttributeChange {
  readonly key: string;
  readonly change: 'deleted' | 'hashed' | 'updated' | 'inserted';
  readonly before: AttributeValue | undefined;
  readonly after: AttributeValue | undefined;
}

export interface RedactionView {
  readonly traceId: string;
  readonly spanId: string;
  readonly name: string;
  readonly service: string;
  readonly before: Attributes;
  readonly after: Attributes;
  readonly changes: readonly AttributeChange[];
}

/** Applies the actions in order to one attribute map, as the processor's Process does. */
export function applyActions(attributes: Attributes, config: Redaction): { after: Attributes; changes: AttributeChange[] } {
  const after: Record<string, AttributeValue | undefined> = { ...attributes };
  const changes: AttributeChange[] = [];
  const matching = (pattern: string | undefined) => {
    if (pattern === undefined) return [];
    const compiled = compileGoRegExp(pattern);
    return compiled.ok ? Object.keys(after).filter((key) => compiled.regexp.test(key)) : [];
  };
  for (const action of config.actions) {
    switch (action.action) {
      case 'delete': {
        const keys = new Set([...(action.key !== undefined && action.key in after ? [action.key] : []), ...matching(action.pattern)]);
        for (const key of keys) {
          changes.push({ key, change: 'deleted', before: after[key], after: undefined });
          delete after[key];
        }
        break;
      }
      case 'hash': {
        const keys = new Set([...(action.key !== undefined && action.key in after ? [action.key] : []), ...matching(action.pattern)]);
        for (const key of keys) {
          const value = after[key];
          if (value === undefined || value === null) continue;
          const hashed = hashAttributeValue(value);
          changes.push({ key, change: 'hashed', before: value, after: hashed });
          after[key] = hashed;
        }
        break;
      }
      case 'insert':
      case 'update':
      case 'upsert': {
        const key = action.key;
        if (key === undefined) break;
        const source =
          action.value !== undefined ? action.value : action.from_attribute !== undefined ? after[action.from_attribute] : undefined;
        if (source === undefined || source === null) break;
        const exists = key in after;
        if ((action.action === 'insert' && exists) || (action.action === 'update' && !exists)) break;
        changes.push({ key, change: exists ? 'updated' : 'inserted', before: after[key], after: source });
        after[key] = source;
        break;
      }
    }
  }
  return { after: after as Attributes, changes };
}

export function redactSpans(spans: readonly ReadableSpan[], config: Redaction): RedactionView[] {
  return spans.map((span) => {
    const record = recordOf(span);
    const { after, changes } = applyActions(record.attributes, config);
    return {
      traceId: record.traceId,
      spanId: record.spanId,
      name: record.name,
      service: record.service,
      before: record.attributes,
      after,
      changes,
    };
  });
}

export type RedactionRun =
  | { readonly ok: true; readonly config: Redaction; readonly views: readonly RedactionView[] }
  | { readonly ok: false; readonly errors: Extract<ConfigResult<Redaction>, { ok: false }>['errors'] };

/** YAML in, before/after views out. */
export function runRedaction(yaml: string, spans: readonly ReadableSpan[]): RedactionRun {
  const parsed = parseRedactionYaml(yaml);
  if (!parsed.ok) return parsed;
  return { ok: true, config: parsed.config, views: redactSpans(spans, parsed.config) };
}

// ---- The sensitive-data check --------------------------------------------------

export type SensitiveKind = 'authorization' | 'email' | 'card-number' | 'token';

export interface SensitiveFinding {
  readonly key: string;
  readonly kind: SensitiveKind;
  /** Why it was flagged, for the learner. */
  readonly reason: string;
}

export function luhnValid(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i -= 1) {
    let d = digits.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return false;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return digits.length > 0 && sum % 10 === 0;
}

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/;
// 13 to 19 digits, optionally grouped by spaces or dashes, not inside a longer word.
const CARD_CANDIDATE = /(?<![\w-])\d(?:[ -]?\d){12,18}(?![\w-])/g;
const JWT = /\beyJ[\w-]+\.[\w-]+\.[\w-]+/;
const AUTH_SCHEME = /^\s*(Bearer|Basic|Digest|Negotiate)\s+\S+/i;
const AUTH_KEY = /(^|[._-])(authorization|proxy-authorization|cookie|set-cookie)$/i;
const SECRET_KEY = /(token|secret|passw(or)?d|api[._-]?key|session[._-]?id|credential)/i;
/** What `hash` leaves behind: SHA-256 or SHA-1 hex. */
const HASHED = /^([0-9a-f]{64}|[0-9a-f]{40})$/;

function findingsFor(key: string, value: AttributeValue): SensitiveFinding[] {
  const texts = Array.isArray(value) ? value.map((item) => String(item)) : [String(value)];
  const out: SensitiveFinding[] = [];
  const hashed = texts.every((text) => HASHED.test(text));
  if (!hashed && AUTH_KEY.test(key))
    out.push({ key, kind: 'authorization', reason: 'an authorization or cookie header carries credentials' });
  else if (texts.some((text) => AUTH_SCHEME.test(text)))
    out.push({ key, kind: 'authorization', reason: 'the value is an Authorization header (Bearer/Basic credentials)' });
  if (texts.some((text) => EMAIL.test(text)))
    out.push({ key, kind: 'email', reason: 'the value contains an e-mail address (personal data)' });
  const card = texts.some((text) => [...text.matchAll(CARD_CANDIDATE)].some((match) => luhnValid(match[0].replace(/[ -]/g, ''))));
  if (card) out.push({ key, kind: 'card-number', reason: 'the value contains a payment card number (passes the Luhn check)' });
  const tokenKey = !hashed && SECRET_KEY.test(key) && texts.some((text) => text.trim() !== '');
  if (!out.some((f) => f.kind === 'authorization') && (tokenKey || texts.some((text) => JWT.test(text)))) {
    out.push({
      key,
      kind: 'token',
      reason: tokenKey ? 'the attribute name says it holds a secret or token' : 'the value is a JSON Web Token',
    });
  }
  return out;
}

/** Flags attributes that look like credentials or personal data. */
export function findSensitiveAttributes(attributes: Attributes): SensitiveFinding[] {
  const out: SensitiveFinding[] = [];
  for (const [key, value] of Object.entries(attributes)) {
    if (value === undefined || value === null) continue;
    out.push(...findingsFor(key, value));
  }
  return out;
}

export interface SpanFindings {
  readonly traceId: string;
  readonly spanId: string;
  readonly name: string;
  readonly service: string;
  /** Span attributes and resource attributes are checked separately. */
  readonly span: readonly SensitiveFinding[];
  readonly resource: readonly SensitiveFinding[];
}

/** The check over spans: only spans with at least one finding are listed. */
export function checkSpansForSensitiveData(spans: readonly ReadableSpan[]): SpanFindings[] {
  const out: SpanFindings[] = [];
  for (const span of spans) {
    const record = recordOf(span);
    const spanFindings = findSensitiveAttributes(record.attributes);
    const resourceFindings = findSensitiveAttributes(record.resource);
    if (spanFindings.length || resourceFindings.length) {
      out.push({
        traceId: record.traceId,
        spanId: record.spanId,
        name: record.name,
        service: record.service,
        span: spanFindings,
        resource: resourceFindings,
      });
    }
  }
  return out;
}
