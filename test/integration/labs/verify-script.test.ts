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
  '9': ['customer-id-hidden'],
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
    expect(run.stdout).toContain('(1 trace(s) of 500 ms or more)');
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
    // services, frontend traces (step 5), checkout traces, slow checkouts, frontend traces (step 9)
    expect(jaegerCalls.length).toBe(5);
    for (const call of jaegerCalls) {
      expect(call.args.join(' ')).toMatch(/get --raw \/api\/v1\/namespaces\/tracing\/services\/jaeger:16686\/proxy\/api\/v3\/(services|traces\?)/);
    }
  });

  it('searches traces the way Jaeger 2.22 requires: canonical names and an RFC 3339 window', () => {
    const searches = run.calls
      .map((c) => c.args.find((a) => a.includes('/proxy/api/v3/traces?')))
      .filter((a): a is string => a !== undefined)
      .map((a) => new URLSearchParams(a.slice(a.indexOf('?') + 1)));
    expect(searches).toHaveLength(4);
    for (const query of searches) {
      // The v1 names Jaeger 2.21 removed, and the snake_case aliases it deprecated, are never used.
      for (const name of query.keys()) expect(name).toMatch(/^query\.(serviceName|startTimeMin|startTimeMax|searchDepth|durationMin)$/);
      const min = query.get('query.startTimeMin') ?? '';
      const max = query.get('query.startTimeMax') ?? '';
      expect(min).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
      expect(max).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
      // One hour back, to a minute ahead (clock skew between laptop and cluster).
      expect(Date.parse(max) - Date.parse(min)).toBe(61 * 60 * 1000);
      expect(Math.abs(Date.parse(max) - Date.now() - 60_000)).toBeLessThan(120_000);
    }
    expect(searches.map((q) => q.get('query.serviceName'))).toEqual(['frontend', 'checkout-api', 'checkout-api', 'frontend']);
    expect(searches[2]?.get('query.durationMin')).toBe('500ms');
  });

  it('looks as far back as SEARCH_MINUTES says', () => {
    const short = runVerify('passing', ['9'], { SEARCH_MINUTES: '5' });
    const arg = short.calls.flatMap((c) => c.args).find((a) => a.includes('/traces?')) ?? '';
    const query = new URLSearchParams(arg.slice(arg.indexOf('?') + 1));
    expect(Date.parse(query.get('query.startTimeMax')!) - Date.parse(query.get('query.startTimeMin')!)).toBe(6 * 60 * 1000);
    expect(short.stdout).toContain('no frontend trace of the last 5 minutes shows a customer id in clear');
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
      'customer-id-hidden',
    ]);
    expect(run.results.get('collector-available')).toBe('PASS');
    expect(run.stdout).toContain('Summary: 9 PASS, 11 FAIL');
    expect(run.status).toBe(1);
  });

  it('gives a hint under each FAIL that points at the cause', () => {
    const run = runVerify('broken');
    expect(run.stdout).toMatch(/FAIL {2}\[hotrod-exports-otlp\].*\n {6}hint: OTEL_EXPORTER_OTLP_ENDPOINT is ''/);
    expect(run.stdout).toMatch(/FAIL {2}\[hotrod-no-export-errors\].*\n {6}hint: 6 exporter errors/);
    expect(run.stdout).toMatch(/FAIL {2}\[hotrod-port-forward\].*\n {6}hint: start it: kubectl port-forward svc\/hotrod 8080:8080/);
    expect(run.stdout).toMatch(/FAIL {2}\[jaeger-available\].*\n {6}hint: kubectl -n tracing describe deployment jaeger/);
    // Jaeger has no ready pod: the API server's proxy answers 503, which is not "no traces".
    expect(run.stdout).toMatch(/FAIL {2}\[hotrod-traces-in-jaeger\].*\n {6}hint: Jaeger's query API did not answer/);
  });

  it('fails the trace check when traces hold only the first service (broken propagation)', () => {
    const run = runVerify('propagation');
    expect(failures(run)).toEqual(['hotrod-traces-in-jaeger']);
    expect(run.stdout).toContain('found 2 trace(s) over 1 service(s): context is lost between services');
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
    expect(run.stderr).toContain("no checks for step '6'; choose one of: 1 2 3 4 5 8 9");
    expect(run.results.size).toBe(0);
  });

  it('says so when kubectl is missing instead of failing every check', () => {
    const run = runVerify('passing', [], { KUBECTL: 'kubectl-not-installed' });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("'kubectl-not-installed' is not installed");
  });
});

describe('each Jaeger criterion fails alone, with its own hint, when only its evidence is missing', () => {
  const cases: [scenario: string, id: string, hint: RegExp][] = [
    ['no-services', 'hotrod-services-in-jaeger', /missing: frontend customer driver route\. Send a few \/dispatch requests/],
    ['propagation', 'hotrod-traces-in-jaeger', /found 2 trace\(s\) over 1 service\(s\): context is lost/],
    ['no-errors', 'checkout-error-kept', /checkout-api traces arrive, but none with an ERROR span/],
    ['no-slow', 'checkout-slow-kept', /no checkout-api trace of 500 ms or more: curl http:\/\/127\.0\.0\.1:8081\/checkout\/slow/],
    ['customer-leak', 'customer-id-hidden', /found in: url\.full or the url of a log event \(\?customer=\.\.\.\), db\.query\.text of SQL SELECT, customer_id on span events\./],
  ];

  it.each(cases)('%s: only %s fails', (scenario, id, hint) => {
    const run = runVerify(scenario);
    expect(run.calls.filter((c) => c.response === 'UNMATCHED')).toEqual([]);
    expect(failures(run)).toEqual([id]);
    expect(run.stdout).toMatch(new RegExp(`FAIL {2}\\[${id}\\].*\\n {6}hint: ${hint.source}`));
    expect(run.stdout).toContain(`Summary: ${ALL_IDS.length - 1} PASS, 1 FAIL`);
    expect(run.status).toBe(1);
  });

  it('reads a 404 from a trace search as "nothing matched", not as a broken Jaeger', () => {
    const run = runVerify('no-traffic');
    expect(failures(run)).toEqual(['hotrod-traces-in-jaeger', 'checkout-error-kept', 'checkout-slow-kept', 'customer-id-hidden']);
    expect(run.stdout).toMatch(/\[hotrod-traces-in-jaeger\].*\n {6}hint: no frontend trace in the last 60 minutes: curl 'http:\/\/127\.0\.0\.1:8080\/dispatch\?customer=123'/);
    expect(run.stdout).toMatch(/\[checkout-error-kept\].*\n {6}hint: no checkout-api trace at all in the last 60 minutes/);
    expect(run.stdout).toMatch(/\[customer-id-hidden\].*\n {6}hint: no frontend trace to look at/);
    expect(run.stdout).not.toContain('did not answer');
  });

  it('says when Jaeger refuses the search parameters (HTTP 400) instead of blaming the traffic', () => {
    const run = runVerify('jaeger-rejects');
    expect(failures(run)).toEqual(['hotrod-traces-in-jaeger', 'checkout-error-kept', 'checkout-slow-kept', 'customer-id-hidden']);
    expect(run.stdout.match(/hint: Jaeger refused the search \(HTTP 400\): is the image jaegertracing\/jaeger:2\.22\.0/g)).toHaveLength(4);
    expect(run.stdout).not.toContain('curl');
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
