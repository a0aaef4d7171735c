import type { AttributeValue, Attributes } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { REDACTION_FIELD_NAMES, RedactionSchema } from '../schemas/redaction';
import type { Redaction } from '../schemas/redaction';
import { readProcessorConfig } from './tail-sampling/collector-yaml';
import type { ConfigResult } from './tail-sampling/collector-yaml';
import { compileGoRegExp } from './tail-sampling/go-regexp';
import { recordOf } from './tail-sampling/trace-data';

// The collector's `attributes` processor on span attributes, shown before
// and after, and a checker for values that must not leave the service.
// `hash` replaces a value with the hex SHA-256 of its bytes: the contrib
// processor's code does this (its README still says SHA-1, the algorithm it
// used before v0.75).

// ---- SHA-256 (synchronous, so the islands and the grader need no Web Crypto promise) --

const K = new Uint32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01,
  0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc,
  0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147,
  0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08,
  0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
  0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);

export function sha256Hex(bytes: Uint8Array): string {
  const bitLength = bytes.length * 8;
  const padded = new Uint8Array(Math.ceil((bytes.length + 9) / 64) * 64);
  padded.set(bytes);
  padded[bytes.length] = 0x80;
  const view = new DataView(padded.buffer);
  view.setUint32(padded.length - 8, Math.floor(bitLength / 0x1_0000_0000));
  view.setUint32(padded.length - 4, bitLength >>> 0);
  const h = new Uint32Array([0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]);
  const w = new Uint32Array(64);
  const rotr = (x: number, n: number) => (x >>> n) | (x << (32 - n));
  for (let offset = 0; offset < padded.length; offset += 64) {
    for (let i = 0; i < 16; i += 1) w[i] = view.getUint32(offset + i * 4);
    for (let i = 16; i < 64; i += 1) {
      const a = w[i - 15] ?? 0;
      const b = w[i - 2] ?? 0;
      const s0 = rotr(a, 7) ^ rotr(a, 18) ^ (a >>> 3);
      const s1 = rotr(b, 17) ^ rotr(b, 19) ^ (b >>> 10);
      w[i] = ((w[i - 16] ?? 0) + s0 + (w[i - 7] ?? 0) + s1) >>> 0;
    }
    let [a, b, c, d, e, f, g, hh] = [h[0] ?? 0, h[1] ?? 0, h[2] ?? 0, h[3] ?? 0, h[4] ?? 0, h[5] ?? 0, h[6] ?? 0, h[7] ?? 0];
    for (let i = 0; i < 64; i += 1) {
      const s1 = rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25);
      const ch = (e & f) ^ (~e & g);
      const t1 = (hh + s1 + ch + (K[i] ?? 0) + (w[i] ?? 0)) >>> 0;
      const s0 = rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22);
      const maj = (a & b) ^ (a & c) ^ (b & c);
      const t2 = (s0 + maj) >>> 0;
      hh = g;
      g = f;
      f = e;
      e = (d + t1) >>> 0;
      d = c;
      c = b;
      b = a;
      a = (t1 + t2) >>> 0;
    }
    const sums = [a, b, c, d, e, f, g, hh];
    for (let i = 0; i < 8; i += 1) h[i] = ((h[i] ?? 0) + (sums[i] ?? 0)) >>> 0;
  }
  return [...h].map((word) => word.toString(16).padStart(8, '0')).join('');
}

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
  return bytes ? sha256Hex(bytes) : '';
}

// ---- The actions --------------------------------------------------------------

export function parseRedactionYaml(yaml: string): ConfigResult<Redaction> {
  return readProcessorConfig(yaml, { type: 'attributes', schema: RedactionSchema, bodyKeys: ['actions'], fieldNames: REDACTION_FIELD_NAMES });
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
        const source = action.value !== undefined ? action.value : action.from_attribute !== undefined ? after[action.from_attribute] : undefined;
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
    return { traceId: record.traceId, spanId: record.spanId, name: record.name, service: record.service, before: record.attributes, after, changes };
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
  if (!hashed && AUTH_KEY.test(key)) out.push({ key, kind: 'authorization', reason: 'an authorization or cookie header carries credentials' });
  else if (texts.some((text) => AUTH_SCHEME.test(text))) out.push({ key, kind: 'authorization', reason: 'the value is an Authorization header (Bearer/Basic credentials)' });
  if (texts.some((text) => EMAIL.test(text))) out.push({ key, kind: 'email', reason: 'the value contains an e-mail address (personal data)' });
  const card = texts.some((text) => [...text.matchAll(CARD_CANDIDATE)].some((match) => luhnValid(match[0].replace(/[ -]/g, ''))));
  if (card) out.push({ key, kind: 'card-number', reason: 'the value contains a payment card number (passes the Luhn check)' });
  const tokenKey = !hashed && SECRET_KEY.test(key) && texts.some((text) => text.trim() !== '');
  if (!out.some((f) => f.kind === 'authorization') && (tokenKey || texts.some((text) => JWT.test(text)))) {
    out.push({ key, kind: 'token', reason: tokenKey ? 'the attribute name says it holds a secret or token' : 'the value is a JSON Web Token' });
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
      out.push({ traceId: record.traceId, spanId: record.spanId, name: record.name, service: record.service, span: spanFindings, resource: resourceFindings });
    }
  }
  return out;
}
