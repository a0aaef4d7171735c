// verify.sh, the lab's "check" button, run against recorded kubectl, kind,
// curl and Jaeger API responses for a working lab and for broken ones.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { objectFileFor, FIXTURES_DIR, runVerify } from './verify-runner.ts';

const STEPS: Record<string, string[]> = {
  '1': ['cluster-exists', 'api-reachable', 'node-ready'],
  '2': ['tracing-namespace', 'jaeger-available', 'jaeger-ports'],
  '3': ['collector-available', 'collector-ports'],
  '4': ['hotrod-available', 'hotrod-service', 'hotrod-exports-otlp', 'hotrod-no-export-errors'],
  '5': ['hotrod-port-forward', 'jaeger-port-forward', 'hotrod-services-in-jaeger', 'hotrod-traces-in-jaeger'],
  '8': ['checkout-available', 'checkout-error-kept', 'checkout-slow-kept'],
};
const ALL_IDS = Object.values(STEPS).flat();

const MUTATING = /^(apply|create|delete|edit|patch|replace|scale|set|label|annotate|rollout|port-forward|exec|cordon|drain)$/;

function failures(run: ReturnType<typeof runVerify>): string[] {
  return [...run.results].filter(([, r]) => r === 'FAIL').map(([id]) => id);
}

describe('verify.sh on a working lab', () => {
  const run = runVerify('passing');

  it('passes every criterion of every step and exits 0', () => {
    expect(run.stderr).toBe('');
    expect([...run.results.keys()]).toEqual(ALL_IDS);
    expect(failures(run)).toEqual([]);
    expect(run.stdout).toContain(`Summary: ${ALL_IDS.length} PASS, 0 FAIL`);
    expect(run.status).toBe(0);
  });

  it('reports what it found, not just PASS', () => {
    expect(run.stdout).toContain('Jaeger holds 2 frontend trace(s) spanning 6 services');
    expect(run.stdout).toContain('(2 span(s) with status ERROR)');
  });

  it('asks only for recorded responses, and never changes the cluster', () => {
    expect(run.calls.filter((c) => c.response === 'UNMATCHED')).toEqual([]);
    for (const call of run.calls.filter((c) => c.tool === 'kubectl')) {
      const verb = call.args.find((a, i) => i > 1 && !a.startsWith('-') && call.args[i - 1] !== '-n');
      expect(verb, call.args.join(' ')).not.toMatch(MUTATING);
      expect(call.args.slice(0, 2)).toEqual(['--context', 'kind-tracing-lab']);
    }
  });

  it('reaches Jaeger through the API server, so its checks need no port-forward', () => {
    const jaegerCalls = run.calls.filter((c) => c.args.some((a) => a.includes('/proxy/api/')));
    expect(jaegerCalls.length).toBe(4);
    for (const call of jaegerCalls) {
      expect(call.args.join(' ')).toMatch(/get --raw \/api\/v1\/namespaces\/tracing\/services\/jaeger:16686\/proxy\/api\//);
    }
  });

  it.each(Object.entries(STEPS))('checks only step %s when asked for it', (step, ids) => {
    const single = runVerify('passing', [step]);
    expect([...single.results.keys()]).toEqual(ids);
    expect(single.stdout).toContain(`Summary: ${ids.length} PASS, 0 FAIL`);
    expect(single.status).toBe(0);
  });
});

describe('verify.sh on broken labs', () => {
  it('names each broken criterion, keeps the rest PASS, and exits 1', () => {
    // Jaeger's pod not ready, HotROD still configured with the v1 JAEGER_ENDPOINT,
    // no port-forwards, checkout-api never deployed.
    const run = runVerify('broken');
    expect(failures(run)).toEqual([
      'jaeger-available',
      'hotrod-exports-otlp',
      'hotrod-no-export-errors',
      'hotrod-port-forward',
      'jaeger-port-forward',
      'hotrod-services-in-jaeger',
      'hotrod-traces-in-jaeger',
      'checkout-available',
      'checkout-error-kept',
      'checkout-slow-kept',
    ]);
    expect(run.results.get('collector-available')).toBe('PASS');
    expect(run.stdout).toContain('Summary: 9 PASS, 10 FAIL');
    expect(run.status).toBe(1);
  });

  it('gives a hint under each FAIL that points at the cause', () => {
    const run = runVerify('broken');
    expect(run.stdout).toMatch(/FAIL {2}\[hotrod-exports-otlp\].*\n {6}hint: OTEL_EXPORTER_OTLP_ENDPOINT is ''/);
    expect(run.stdout).toMatch(/FAIL {2}\[hotrod-no-export-errors\].*\n {6}hint: 6 exporter errors/);
    expect(run.stdout).toMatch(/FAIL {2}\[hotrod-port-forward\].*\n {6}hint: start it: kubectl port-forward svc\/hotrod 8080:8080/);
    expect(run.stdout).toMatch(/FAIL {2}\[jaeger-available\].*\n {6}hint: kubectl -n tracing describe deployment jaeger/);
  });

  it('fails the trace check when traces hold only the first service (broken propagation)', () => {
    const run = runVerify('propagation');
    expect(failures(run)).toEqual(['hotrod-traces-in-jaeger']);
    expect(run.stdout).toContain('found 2 trace(s) over 1 service(s)');
    expect(run.status).toBe(1);
  });

  it('fails everything, without crashing, when there is no cluster at all', () => {
    const run = runVerify('no-cluster');
    expect([...run.results.keys()]).toEqual(ALL_IDS);
    expect(failures(run)).toEqual(ALL_IDS);
    expect(run.stdout).toContain(`Summary: 0 PASS, ${ALL_IDS.length} FAIL`);
    expect(run.status).toBe(1);
  });

  it('refuses a step without checks and explains which steps have them', () => {
    const run = runVerify('passing', ['6']);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("no checks for step '6'; choose one of: 1 2 3 4 5 8");
    expect(run.results.size).toBe(0);
  });

  it('says so when kubectl is missing instead of failing every check', () => {
    const run = runVerify('passing', [], { KUBECTL: 'kubectl-not-installed' });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("'kubectl-not-installed' is not installed");
  });
});

// The replayed jsonpath answers were produced by kubectl from the recorded
// objects. When kubectl is installed, re-evaluate verify.sh's own jsonpath
// expressions on those objects and require the same answers.
const kubectl = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' });
const haveKubectl = kubectl.status === 0;

describe.skipIf(!haveKubectl)('recorded kubectl answers match kubectl (skipped when kubectl is not installed)', () => {
  it.each(['passing', 'broken'])('%s: every jsonpath answer is what kubectl prints for the recorded object', (scenario) => {
    const run = runVerify(scenario);
    const checked = run.calls.filter((c) => c.tool === 'kubectl' && objectFileFor(c.args) && c.response !== '-');
    expect(checked.length).toBeGreaterThanOrEqual(8);
    for (const call of checked) {
      const { file, jsonpath } = objectFileFor(call.args)!;
      const dir = join(FIXTURES_DIR, scenario);
      const objectPath = join(dir, file);
      expect(existsSync(objectPath), `${scenario}: recorded object ${file}`).toBe(true);
      const object = JSON.parse(readFileSync(objectPath, 'utf8')) as { kind: string };
      // `kubectl label --local` prints one object at a time: apply a list's range body per item.
      const expression =
        object.kind === 'List' ? jsonpath.replace(/^\{range \.items\[\*\]\}/, '').replace(/\{end\}$/, '') : jsonpath;
      const printed = execFileSync(
        'kubectl',
        ['label', '--local', '-f', objectPath, 'lab-verify=check', '-o', `jsonpath=${expression}`],
        { encoding: 'utf8' },
      );
      expect(readFileSync(join(dir, call.response), 'utf8'), `${scenario}: ${call.args.join(' ')}`).toBe(printed);
    }
  });
});

if (!haveKubectl) {
  console.warn('verify-script.test.ts: kubectl is not installed, so the recorded jsonpath answers were not re-checked.');
}
