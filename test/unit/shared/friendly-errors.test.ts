import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { closestMatch } from '../../../src/shared/friendly-errors/closest-match.ts';
import { fieldName, formatIssue } from '../../../src/shared/friendly-errors/friendly-issue.ts';
import { readLocatedYaml } from '../../../src/shared/friendly-errors/located-yaml.ts';
import { describeZodError, schemaFieldNames } from '../../../src/shared/friendly-errors/zod-issue.ts';
import { parseRedactionProcessorYaml } from '../../../src/sandbox/redaction-processor.ts';
import { parseRedactionYaml } from '../../../src/sandbox/redaction.ts';

// The one message shape of the site, read the way a person meets it: the
// lines printed for a file, or shown under a pasted configuration.

const Settings = z.strictObject({
  name: z.string(),
  retries: z.number().int().min(0),
  mode: z.enum(['fast', 'safe']),
  targets: z.array(z.strictObject({ host: z.string(), port: z.number() })).min(1),
});

/** Every problem of a YAML text as the lines a file's reader sees. */
function messages(file: string, text: string): string[] {
  const read = readLocatedYaml(text);
  if (!read.ok) return [formatIssue({ file, ...read.issue })];
  const result = Settings.safeParse(read.value, { reportInput: true });
  if (result.success) return [];
  return describeZodError(result.error, { knownFields: schemaFieldNames(Settings), listNoun: { targets: 'target' } }).map((issue) =>
    formatIssue({
      file,
      position: read.at(issue.path, issue.key),
      field: fieldName(issue.path) || undefined,
      problem: issue.problem,
      fix: issue.fix,
    }),
  );
}

describe('closest match', () => {
  it('offers a name one slip away, never an unrelated one', () => {
    expect(closestMatch('corect', ['correct', 'choices'])).toBe('correct');
    expect(closestMatch('Treshold_MS', ['threshold_ms'])).toBe('threshold_ms');
    expect(closestMatch('colour', ['correct', 'choices'])).toBeUndefined();
    expect(closestMatch('prot', ['port', 'host'])).toBe('port');
    expect(closestMatch('id', ['ids', 'if'])).toBe('ids');
  });
});

describe('a YAML file: where, field, problem and fix', () => {
  it('a misspelt field, with the name it was meant to be, on the line and column of the key', () => {
    expect(messages('settings.yaml', 'name: a\nretries: 1\nmode: fast\ntargets:\n  - host: x\n    prot: 80\n')).toMatchInlineSnapshot(`
      [
        "settings.yaml:6:5: field targets[0]: unknown field \`prot\`, did you mean \`port\`? Fix: rename it to \`port\`.",
      ]
    `);
  });

  it('wrong values point at the value; a missing field at the block that lacks it', () => {
    expect(messages('settings.yaml', 'retries: "3"\nmode: quick\ntargets: []\n')).toMatchInlineSnapshot(`
      [
        "settings.yaml:1:1: field name: is missing. Fix: add \`name:\` with its text.",
        "settings.yaml:1:10: field retries: expected a number, found string "3". Fix: write a plain number, without quotes or a unit.",
        "settings.yaml:2:7: field mode: "quick" is not allowed here. Fix: use one of fast, safe.",
        "settings.yaml:3:1: field targets: needs at least 1 target. Fix: add targets to the list.",
      ]
    `);
  });

  it('a known field at the wrong level is an indentation problem', () => {
    expect(messages('settings.yaml', 'name: a\nretries: 1\nmode: fast\ntargets:\n  - host: x\nport: 80\n')).toMatchInlineSnapshot(`
      [
        "settings.yaml:5:5: field targets[0].port: is missing. Fix: add \`port:\` with a number.",
        "settings.yaml:6:1: \`port\` does not belong at this level. Fix: check its indentation.",
      ]
    `);
  });

  it('broken YAML names the line of the mistake, a repeated key names itself', () => {
    expect(messages('settings.yaml', 'name: a\nmode: [fast\nretries: 1\n')).toMatchInlineSnapshot(`
      [
        "settings.yaml:3:1: not valid YAML: Flow sequence in block collection must be sufficiently indented and end with a ]. Fix: check the indentation (spaces, not tabs) and the quoting on this line and the one above, and that every \`key:\` has a space after the colon.",
      ]
    `);
    expect(messages('settings.yaml', 'name: a\nname: b\n')).toMatchInlineSnapshot(`
      [
        "settings.yaml:2:1: not valid YAML: Map keys must be unique. Fix: remove or rename the repeated key.",
      ]
    `);
  });

  it('a key indented one space too far is reported on its own line, with the column it should start in', () => {
    expect(messages('settings.yaml', 'targets:\n  - host: x\n     port: 80\n')).toMatchInlineSnapshot(`
      [
        "settings.yaml:3:6: \`port:\` starts in column 6, but \`host:\` on line 2 starts in column 5. Fix: start the keys of one block in the same column (remove 1 space), or nest it under a key that ends with \`:\`.",
      ]
    `);
  });

  it('aliases cannot expand without bound', () => {
    const bomb = [
      'a: &a [x, x, x, x, x, x, x, x, x, x]',
      ...Array.from({ length: 8 }, (_, i) => `${'bcdefghi'[i]}: &${'bcdefghi'[i]} [${Array(10).fill(`*${'abcdefgh'[i]}`).join(', ')}]`),
    ].join('\n');
    const read = readLocatedYaml(bomb);
    expect(read.ok).toBe(false);
  });
});

describe('collector configurations pasted into the redaction labs', () => {
  it('the attributes processor: a misspelt action field', () => {
    const parsed = parseRedactionYaml('attributes:\n  actions:\n    - key: user.email\n      acton: hash\n');
    expect(parsed.ok ? [] : parsed.errors.map((e) => e.message)).toMatchInlineSnapshot(`
      [
        "line 4, column 7: field attributes.actions[0]: unknown field \`acton\`, did you mean \`action\`? Fix: rename it to \`action\`.",
      ]
    `);
  });

  it('the redaction processor: a misspelt setting', () => {
    const parsed = parseRedactionProcessorYaml('redaction:\n  allow_all_keys: true\n  blocked_value: [secret]\n');
    expect(parsed.ok ? [] : parsed.errors.map((e) => e.message)).toMatchInlineSnapshot(`
      [
        "line 3, column 3: field redaction: unknown field \`blocked_value\`, did you mean \`blocked_values\`? Fix: rename it to \`blocked_values\`.",
      ]
    `);
  });
});
