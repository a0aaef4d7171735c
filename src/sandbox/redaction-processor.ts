import { REDACTION_PROCESSOR_FIELD_NAMES, RedactionProcessorSchema } from '../schemas/redaction-processor';
import type { RedactionProcessor } from '../schemas/redaction-processor';
import type { OtlpAnyValue, OtlpKeyValue } from './otlp-json';
import { readProcessorConfig } from './tail-sampling/collector-yaml';
import type { ConfigResult } from './tail-sampling/collector-yaml';
import { compileGoRegExp, type GoRegExp } from '../shared/go-regexp';

// The collector's `redaction` processor over OTLP/JSON traces. It follows
// processAttrs in open-telemetry/opentelemetry-collector-contrib,
// processor/redactionprocessor/processor.go (blob 051a8b70):
// - it visits resource, scope, span AND span-event attributes;
// - per key: ignored keys pass; keys not allowed are deleted (unless
//   allow_all_keys); a value matching allowed_values passes; a key matching
//   blocked_key_patterns has its whole value masked; otherwise every
//   blocked_values match inside the value is masked;
// - only string values are read unless redact_all_types (then numbers and
//   booleans are read as text); a masked value becomes the string "****";
// - summary adds redaction.* counts (info) and key lists (debug).
// Span names are left alone: only the URL and DB sanitizers rename spans,
// and this engine does not run those.

export const MASK = '****';

export interface CompiledRedaction {
  readonly config: RedactionProcessor;
  readonly allowed: ReadonlySet<string>;
  readonly ignored: ReadonlySet<string>;
  readonly ignoredPatterns: readonly GoRegExp[];
  readonly blockedKeys: readonly GoRegExp[];
  readonly blockedValues: readonly GoRegExp[];
  readonly allowedValues: readonly GoRegExp[];
}

function compileAll(patterns: readonly string[]): GoRegExp[] {
  return patterns.map((pattern) => {
    const compiled = compileGoRegExp(pattern);
    // The schema refuses patterns that do not compile; this is for configs built in code.
    if (!compiled.ok) throw new Error(compiled.message);
    return compiled.regexp;
  });
}

export function compileRedaction(config: RedactionProcessor): CompiledRedaction {
  return {
    config,
    allowed: new Set(config.allowed_keys),
    ignored: new Set(config.ignored_keys),
    ignoredPatterns: compileAll(config.ignored_key_patterns),
    blockedKeys: compileAll(config.blocked_key_patterns),
    blockedValues: compileAll(config.blocked_values),
    allowedValues: compileAll(config.allowed_values),
  };
}

// maskAllValuesRegex in the processor: `(?s).*`, the whole value.
const ALL = (() => {
  const compiled = compileGoRegExp('(?s).*');
  if (!compiled.ok) throw new Error(compiled.message);
  return compiled.regexp;
})();

/** pcommon.Value.Str(): the text of a string value, "" for any other type. */
function str(value: OtlpAnyValue): string {
  return value.stringValue ?? '';
}

/** pcommon.Value.AsString(): every type as text (used with redact_all_types). */
function asString(value: OtlpAnyValue): string {
  if (value.stringValue !== undefined) return value.stringValue;
  if (value.intValue !== undefined) return String(value.intValue);
  if (value.boolValue !== undefined) return value.boolValue ? 'true' : 'false';
  if (value.doubleValue !== undefined) return String(value.doubleValue);
  return JSON.stringify(value.arrayValue ?? value.kvlistValue ?? value.bytesValue ?? '');
}

export interface AttributeRedaction {
  readonly attributes: OtlpKeyValue[];
  /** Keys deleted because they are not on the allow list. */
  readonly deleted: readonly string[];
  /** Keys whose value was masked, wholly or in part. */
  readonly masked: readonly string[];
}

function summaryAttributes(cfg: RedactionProcessor, prefix: string, keys: readonly string[], listKey: boolean): OtlpKeyValue[] {
  if (keys.length === 0 || (cfg.summary !== 'info' && cfg.summary !== 'debug')) return [];
  const out: OtlpKeyValue[] = [];
  if (cfg.summary === 'debug' && listKey) out.push({ key: `${prefix}.keys`, value: { stringValue: [...keys].sort().join(',') } });
  out.push({ key: `${prefix}.count`, value: { intValue: String(keys.length) } });
  return out;
}

/** One attribute map, as processAttrs treats it. The input is not changed. */
export function redactAttributes(attributes: readonly OtlpKeyValue[], compiled: CompiledRedaction): AttributeRedaction {
  const { config } = compiled;
  const kept: OtlpKeyValue[] = [];
  const deleted: string[] = [];
  const masked: string[] = [];
  const allowedKeys: string[] = [];
  const ignoredKeys: string[] = [];
  for (const { key, value } of attributes) {
    if (compiled.ignored.has(key) || compiled.ignoredPatterns.some((re) => re.test(key))) {
      ignoredKeys.push(key);
      kept.push({ key, value });
      continue;
    }
    if (!config.allow_all_keys && !compiled.allowed.has(key)) {
      deleted.push(key);
      continue;
    }
    const text = config.redact_all_types ? asString(value) : str(value);
    if (compiled.allowedValues.some((re) => re.test(text))) {
      allowedKeys.push(key);
      kept.push({ key, value });
      continue;
    }
    if (compiled.blockedKeys.some((re) => re.test(key))) {
      masked.push(key);
      kept.push({ key, value: { stringValue: ALL.replaceAll(text, () => MASK) } });
      continue;
    }
    let processed = text;
    for (const re of compiled.blockedValues) {
      if (re.test(processed)) processed = re.replaceAll(processed, () => MASK);
    }
    if (processed !== text) {
      masked.push(key);
      kept.push({ key, value: { stringValue: processed } });
    } else {
      kept.push({ key, value });
    }
  }
  kept.push(
    ...summaryAttributes(config, 'redaction.redacted', deleted, true),
    ...summaryAttributes(config, 'redaction.masked', masked, true),
    ...summaryAttributes(config, 'redaction.allowed', allowedKeys, true),
    ...summaryAttributes(config, 'redaction.ignored', ignoredKeys, false),
  );
  return { attributes: kept, deleted, masked };
}

// ---- Whole traces ------------------------------------------------------------

export interface OtlpEvent {
  readonly name?: string;
  readonly attributes?: OtlpKeyValue[];
  readonly [field: string]: unknown;
}
export interface OtlpSpanJson {
  readonly name?: string;
  readonly attributes?: OtlpKeyValue[];
  readonly events?: OtlpEvent[];
  readonly [field: string]: unknown;
}
export interface OtlpResourceSpans {
  readonly resource?: { attributes?: OtlpKeyValue[]; [field: string]: unknown };
  readonly scopeSpans?: {
    scope?: { attributes?: OtlpKeyValue[]; [field: string]: unknown };
    spans?: OtlpSpanJson[];
    [field: string]: unknown;
  }[];
  readonly [field: string]: unknown;
}
export interface OtlpTraces {
  readonly resourceSpans?: OtlpResourceSpans[];
}

/** Every attribute map of the traces, redacted as the processor's processTraces walks them. */
export function redactTraces<T extends OtlpTraces>(traces: T, compiled: CompiledRedaction): T {
  // Maps that were absent stay absent, so the output keeps the input's shape.
  const redact = <O extends { attributes?: OtlpKeyValue[] }>(owner: O): O =>
    owner.attributes === undefined ? owner : { ...owner, attributes: redactAttributes(owner.attributes, compiled).attributes };
  return {
    ...traces,
    resourceSpans: (traces.resourceSpans ?? []).map((rs) => ({
      ...rs,
      ...(rs.resource ? { resource: redact(rs.resource) } : {}),
      scopeSpans: (rs.scopeSpans ?? []).map((ss) => ({
        ...ss,
        ...(ss.scope ? { scope: redact(ss.scope) } : {}),
        spans: (ss.spans ?? []).map((span) => ({
          ...redact(span),
          ...(span.events ? { events: span.events.map(redact) } : {}),
        })),
      })),
    })),
  };
}

export function parseRedactionProcessorYaml(yaml: string): ConfigResult<RedactionProcessor> {
  return readProcessorConfig(yaml, {
    type: 'redaction',
    schema: RedactionProcessorSchema,
    bodyKeys: ['allow_all_keys', 'allowed_keys', 'blocked_values', 'blocked_key_patterns'],
    fieldNames: REDACTION_PROCESSOR_FIELD_NAMES,
  });
}
