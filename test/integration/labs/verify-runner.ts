// Runs labs/tracing/verify.sh against recorded kubectl, kind and curl output:
// the replay fake stands in for all three (see fakes/replay).
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TRACING_DIR } from '../../unit/labs/lab-files.ts';

// The recorded answers are built and checked in process by test/unit/labs/verify-fixtures.ts; here verify.sh replays them.
export const FIXTURES_DIR = join(import.meta.dirname, '../../unit/labs/fixtures/verify');
const REPLAY = join(import.meta.dirname, 'fakes/replay');

export interface ReplayedCall {
  tool: string;
  args: string[];
  /** Response file relative to the scenario folder, '-' for none, 'UNMATCHED' when no line matched. */
  response: string;
}

export interface VerifyRun {
  status: number | null;
  stdout: string;
  stderr: string;
  calls: ReplayedCall[];
  /** Criterion id -> 'PASS' | 'FAIL', in output order. */
  results: Map<string, 'PASS' | 'FAIL'>;
}

/** A PATH folder whose kubectl, kind and curl are the replay fake. */
function fakeBin(): string {
  const dir = mkdtempSync(join(tmpdir(), 'verify-bin-'));
  const replay = join(dir, 'replay');
  copyFileSync(REPLAY, replay);
  chmodSync(replay, 0o755);
  for (const tool of ['kubectl', 'kind', 'curl']) symlinkSync(replay, join(dir, tool));
  return dir;
}

export function runVerify(scenario: string, args: string[] = [], env: Record<string, string> = {}): VerifyRun {
  const bin = fakeBin();
  const log = join(bin, 'calls.log');
  try {
    const result = spawnSync('bash', [join(TRACING_DIR, 'verify.sh'), ...args], {
      cwd: TRACING_DIR,
      encoding: 'utf8',
      env: {
        PATH: `${bin}:/usr/bin:/bin`,
        REPLAY_DIR: join(FIXTURES_DIR, scenario),
        REPLAY_LOG: log,
        ...env,
      },
    });
    const calls = existsSync(log)
      ? readFileSync(log, 'utf8')
          .split('\n')
          .filter(Boolean)
          .map((line) => {
            const [tool = '', joined = '', response = ''] = line.split('\t');
            return { tool, args: joined.split('\x1f'), response };
          })
      : [];
    const results = new Map<string, 'PASS' | 'FAIL'>();
    for (const match of result.stdout.matchAll(/^(PASS|FAIL) {2}\[([a-z0-9-]+)\]/gm)) {
      results.set(match[2]!, match[1] as 'PASS' | 'FAIL');
    }
    return { status: result.status, stdout: result.stdout, stderr: result.stderr, calls, results };
  } finally {
    rmSync(bin, { recursive: true, force: true });
  }
}

/**
 * The recorded `kubectl get -o json` object a jsonpath call reads, e.g.
 * `-n tracing get deployment jaeger -o jsonpath=...` -> objects/deployment-tracing-jaeger.json.
 */
export function objectFileFor(args: string[]): { file: string; jsonpath: string } | undefined {
  const rest = [...args];
  const context = rest.indexOf('--context');
  if (context >= 0) rest.splice(context, 2);
  let namespace: string | undefined;
  const n = rest.indexOf('-n');
  if (n >= 0) [, namespace] = rest.splice(n, 2);
  const o = rest.indexOf('-o');
  if (rest[0] !== 'get' || o < 0 || !rest[o + 1]?.startsWith('jsonpath=')) return undefined;
  const jsonpath = rest[o + 1]!.slice('jsonpath='.length);
  const [, kind, name] = rest.slice(0, o);
  const file =
    name === undefined ? `objects/${kind}.json` : `objects/${[kind, namespace, name].filter(Boolean).join('-')}.json`;
  return { file, jsonpath };
}
