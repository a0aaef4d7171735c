import './csp-safe-zod.ts';
import { z } from 'zod';
import { compileGoRegExp } from '../shared/go-regexp';

// The body of a collector `attributes` processor, limited to the actions the
// redaction sandbox applies. Field names follow the processor's README.

export const REDACTION_ACTIONS = ['delete', 'hash', 'update', 'insert', 'upsert'] as const;
const OTHER_ACTIONS = ['extract', 'convert'];

const scalar = z.union([z.string(), z.number(), z.boolean()], { error: '`value` is a plain value: text, a number, or true/false' });

const pattern = z.string({ error: '`pattern` is a regular expression matched against attribute names' }).superRefine((value, ctx) => {
  const compiled = compileGoRegExp(value);
  if (!compiled.ok) ctx.addIssue({ code: 'custom', message: compiled.message });
});

const action = z
  .strictObject({
    key: z.string({ error: '`key` names the attribute to act on' }).min(1, '`key` must not be empty').optional(),
    pattern: pattern.optional(),
    action: z
      .string({ error: 'every action needs `action:` (delete, hash, update, insert or upsert)' })
      .transform((value) => value.toLowerCase())
      .pipe(
        z.enum(REDACTION_ACTIONS, {
          error: (issue) =>
            OTHER_ACTIONS.includes(String(issue.input))
              ? `\`${String(issue.input)}\` is a real attributes-processor action, but the redaction sandbox runs only delete, hash, update, insert and upsert`
              : `unknown action ${JSON.stringify(issue.input)}; use delete, hash, update, insert or upsert`,
        }),
      ),
    value: scalar.optional(),
    from_attribute: z.string({ error: '`from_attribute` names another attribute' }).min(1).optional(),
    from_context: z.string().optional(),
  })
  .superRefine((cfg, ctx) => {
    const sources = [cfg.value, cfg.from_attribute, cfg.from_context].filter((v) => v !== undefined).length;
    if (cfg.action === 'delete' || cfg.action === 'hash') {
      if (cfg.key === undefined && cfg.pattern === undefined) {
        ctx.addIssue({ code: 'custom', message: `\`${cfg.action}\` needs \`key\` and/or \`pattern\`, e.g. \`key: user.email\``, path: [] });
      }
      if (sources > 0)
        ctx.addIssue({ code: 'custom', message: `\`${cfg.action}\` does not use \`value\` or \`from_attribute\`; remove them`, path: [] });
      return;
    }
    if (cfg.key === undefined) ctx.addIssue({ code: 'custom', message: `\`${cfg.action}\` needs \`key\`: the attribute to set`, path: [] });
    if (cfg.pattern !== undefined)
      ctx.addIssue({ code: 'custom', message: `\`${cfg.action}\` does not use \`pattern\`; remove it`, path: ['pattern'] });
    if (cfg.from_context !== undefined) {
      ctx.addIssue({
        code: 'custom',
        message: '`from_context` reads request metadata the sandbox does not have; use `value` or `from_attribute`',
        path: ['from_context'],
      });
    } else if (sources === 0) {
      ctx.addIssue({ code: 'custom', message: `\`${cfg.action}\` needs \`value\` or \`from_attribute\``, path: [] });
    } else if (sources > 1) {
      ctx.addIssue({ code: 'custom', message: 'set only one of `value` and `from_attribute`', path: [] });
    }
  });

export const RedactionSchema = z.strictObject(
  {
    actions: z
      .array(action, { error: '`actions` is required: a list such as `actions: [{ key: user.email, action: hash }]`' })
      .min(1, 'list at least one action under `actions`'),
  },
  {
    error: (issue) =>
      issue.code === 'unrecognized_keys' && issue.keys.some((key) => key === 'include' || key === 'exclude')
        ? '`include`/`exclude` filters are not simulated here: the sandbox applies the actions to every span'
        : undefined,
  },
);

export type Redaction = z.output<typeof RedactionSchema>;
export type RedactionInput = z.input<typeof RedactionSchema>;
export type RedactionAction = Redaction['actions'][number];

export const REDACTION_FIELD_NAMES = ['actions', 'key', 'pattern', 'action', 'value', 'from_attribute', 'from_context'] as const;
