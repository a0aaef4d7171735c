// labs/tracing/CONTRACTS.md lists every interface of other software the lab
// relies on, each with the upstream source it was checked against. This test
// reads what the scripts and manifests actually use and fails on anything
// the list does not name, so a new flag, field or endpoint cannot slip in
// unchecked; and it fails on entries without a source.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { collectorFieldUses, jaegerApiUses, scriptCommandUses, workloadUses } from './contract-uses.ts';
import { TRACING_DIR } from './lab-files.ts';

interface Row {
  uses: string[];
  repository: string;
  path: string;
  ref: string;
  line: number;
}

function contractRows(): Row[] {
  const text = readFileSync(join(TRACING_DIR, 'CONTRACTS.md'), 'utf8');
  const rows: Row[] = [];
  text.split('\n').forEach((line, i) => {
    const cells = line.split('|').map((c) => c.trim());
    // | uses | repository | path | ref | — skip header and separator rows.
    if (cells.length < 6 || !cells[1]?.includes('`') || /^-+$/.test(cells[2] ?? '')) return;
    rows.push({ uses: [...cells[1].matchAll(/`([^`]+)`/g)].map((m) => m[1]!), repository: cells[2]!, path: cells[3]!, ref: cells[4]!, line: i + 1 });
  });
  return rows;
}

const rows = contractRows();
const listed = new Set(rows.flatMap((r) => r.uses));

describe('labs/tracing/CONTRACTS.md', () => {
  it('has entries, each with a repository, a path and a tag or commit', () => {
    expect(rows.length).toBeGreaterThan(40);
    for (const row of rows) {
      expect(row.repository, `line ${row.line}`).toMatch(/^[\w.-]+\/[\w.-]+$/);
      expect(row.path, `line ${row.line}`).not.toBe('');
      expect(row.ref, `line ${row.line}`).toMatch(/v?\d+\.\d+|[0-9a-f]{7,40}/);
    }
  });

  it.each([
    ['command lines in up.sh, verify.sh and down.sh', scriptCommandUses],
    ["Jaeger query API paths and parameters in verify.sh", jaegerApiUses],
    ['collector and Jaeger config fields in the ConfigMaps and the exercise', collectorFieldUses],
    ['images, args, env, probes and the kind config', workloadUses],
  ])('names every one of the %s', (_what, uses) => {
    const missing = [...uses()].filter((use) => !listed.has(use)).sort();
    expect(missing, 'add these to labs/tracing/CONTRACTS.md with the upstream source you checked them against').toEqual([]);
  });

  it('catches a use that is not on the list (the extraction is not blind)', () => {
    // The v1 search endpoint Jaeger 2.21 removed, and a kind subcommand that fails with containerd stores.
    expect(listed.has('GET /api/traces')).toBe(false);
    expect(listed.has('kind load docker-image')).toBe(false);
    expect(scriptCommandUses().has('kind load image-archive')).toBe(true);
    expect(jaegerApiUses().has('query.startTimeMin')).toBe(true);
  });
});
