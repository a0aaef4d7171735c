import './csp-safe-zod.ts';
import { z } from 'zod';
import { compileGoRegExp } from '../shared/go-regexp';

// The body of the collector's `redaction` processor, limited to what the
// redaction engine runs. Field names and meanings follow the processor's
// Config and processAttrs in open-telemetry/opentelemetry-collector-contrib,
// processor/redactionprocessor/{config.go,processor.go} (blob 051a8b70, the
// newest the course could read; the lab pins contrib 0.162.0). With
// `allow_all_keys: false` and no `allowed_keys` the real processor deletes
// every attribute ("fails closed"), and so does the engine.

const regexList = (field: string) =>
  z
    .array(
      z.string({ error: `every entry of \`${field}\` is a regular expression in quotes` }).superRefine((value, ctx) => {
        const compiled = compileGoRegExp(value);
        if (!compiled.ok) ctx.addIssue({ code: 'custom', message: compiled.message });
      }),
      { error: `\`${field}\` is a list of regular expressions, e.g. \`${field}: ['customer=[0-9]+']\`` },
    )
    .default([]);

const keyList = (field: string) =>
  z
    .array(z.string({ error: `every entry of \`${field}\` is an attribute name` }), { error: `\`${field}\` is a list of attribute names` })
    .default([]);

const NOT_SIMULATED = ['hash_function', 'hmac_key', 'url_sanitizer', 'db_sanitizer'] as const;

export const RedactionProcessorSchema = z.strictObject(
  {
    allow_all_keys: z.boolean({ error: '`allow_all_keys` is true or false' }).default(false),
    allowed_keys: keyList('allowed_keys'),
    ignored_keys: keyList('ignored_keys'),
    ignored_key_patterns: regexList('ignored_key_patterns'),
    blocked_key_patterns: regexList('blocked_key_patterns'),
    blocked_values: regexList('blocked_values'),
    allowed_values: regexList('allowed_values'),
    redact_all_types: z.boolean({ error: '`redact_all_types` is true or false' }).default(false),
    summary: z.enum(['debug', 'info', 'silent', ''], { error: '`summary` is debug, info or silent' }).default(''),
  },
  {
    error: (issue) =>
      issue.code === 'unrecognized_keys' && issue.keys.some((key) => (NOT_SIMULATED as readonly string[]).includes(key))
        ? `${issue.keys.map((k) => `\`${k}\``).join(', ')}: a real redaction-processor setting that this engine does not run; the lab's collector applies it`
        : undefined,
  },
);

export type RedactionProcessor = z.output<typeof RedactionProcessorSchema>;
export type RedactionProcessorInput = z.input<typeof RedactionProcessorSchema>;

export const REDACTION_PROCESSOR_FIELD_NAMES = [
  'allow_all_keys',
  'allowed_keys',
  'ignored_keys',
  'ignored_key_patterns',
  'blocked_key_patterns',
  'blocked_values',
  'allowed_values',
  'redact_all_types',
  'summary',
  ...NOT_SIMULATED,
] as const;
