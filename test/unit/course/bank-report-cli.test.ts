import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runBankReport } from '../../../src/cli/bank-report.ts';

// `npm run bank-report`, run in-process on a small content folder written here,
// so every number in the expected output can be checked by hand.

const BANK = `id: overview
title: Check
lesson: overview
questions:
  - id: padded-key
    type: single
    outcome: debug
    prompt: Where do you look first?
    choices:
      - id: backend
        text: The backend
        feedback: It groups spans by trace id.
        misconception: blames-backend
      - id: header
        text: The traceparent header at each boundary
        correct: true
        feedback: Right.
      - id: clocks
        text: The clocks
        feedback: Skew shifts bars only.
    explanation: Split traces point at propagation.
  - id: pick-two
    type: multiple
    outcome: debug
    prompt: Which ones?
    choices:
      - { id: a, text: "Alpha", correct: true, feedback: "Right." }
      - { id: b, text: "Bravo", feedback: "Not this." }
      - { id: c, text: "Charlie", correct: true, feedback: "Right." }
      - { id: d, text: "Delta", feedback: "Not this." }
    explanation: Because.
`;

const MISCONCEPTIONS = `- id: blames-backend
  label: Blames the backend for split traces
- id: baggage-stays-local
  label: Assumes baggage stays local
`;

function contentFolder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'bank-report-'));
  mkdirSync(join(dir, 'content', 'quizzes'), { recursive: true });
  writeFileSync(join(dir, 'content', 'quizzes', 'overview.yaml'), BANK);
  writeFileSync(join(dir, 'content', 'misconceptions.yaml'), MISCONCEPTIONS);
  return dir;
}

function run(args: string[], cwd: string) {
  let stdout = '';
  let stderr = '';
  const code = runBankReport(args, { cwd, stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t) });
  return { code, stdout: stdout.split('\n'), stderr };
}

describe('npm run bank-report', () => {
  it('prints each item with its option lengths, keyed share, outcome and misconceptions', () => {
    const { code, stdout, stderr } = run([], contentFolder());
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout.slice(0, 5)).toEqual([
      'overview (content/quizzes/overview.yaml)',
      // 39 characters keyed against a mean of (11 + 10) / 2 = 10.5.
      '  longest option is keyed: 1/1 (100%); keyed/distractor length: mean 3.71×, max 3.71×',
      '  id          type      outcome  keyed  option lengths (* keyed)  misconceptions',
      '  padded-key  single    debug    1/3    11 39* 10                 blames-backend',
      '  pick-two    multiple  debug    2/4    5* 5 7* 5                 -',
    ]);
  });

  it('ends with the findings and the answers that name a misconception', () => {
    const { stdout } = run([], contentFolder());
    const findings = stdout.slice(stdout.indexOf('Item-writing findings: 3'));
    expect(findings[1]).toMatch(/^ {2}content\/quizzes\/overview\.yaml padded-key \[longest-is-keyed\]: /);
    expect(findings[2]).toMatch(/^ {2}content\/quizzes\/overview\.yaml padded-key \[keyed-much-longer\]: the keyed answer is 3\.71× /);
    expect(findings[3]).toMatch(/^ {2}content\/misconceptions\.yaml baggage-stays-local \[misconception-unused\]: /);
    expect(stdout).toContain('Answers that name a misconception (check that each fits): 1');
    expect(stdout).toContain('  padded-key  backend  blames-backend  The backend');
  });

  it('prints JSON with --json', () => {
    const { code, stdout } = run(['--json'], contentFolder());
    expect(code).toBe(0);
    const report = JSON.parse(stdout.join('\n')) as { total: { singles: number; longestIsKeyed: number } };
    expect(report.total).toMatchObject({ singles: 1, longestIsKeyed: 1 });
  });

  it('exits 2 with one line when there are no banks to read', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bank-report-empty-'));
    const { code, stdout, stderr } = run(['--content', 'nowhere'], dir);
    expect(code).toBe(2);
    expect(stdout).toEqual(['']);
    expect(stderr).toBe('bank-report: no quizzes/ folder in nowhere (use --content DIR)\n');
  });

  it('reports no findings on the course banks', () => {
    const { code, stdout } = run([], process.cwd());
    expect(code).toBe(0);
    expect(stdout).toContain('Item-writing findings: 0');
  });
});
