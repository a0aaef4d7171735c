// `npm test`: unit tests, a fresh build, then the browser tests against it.
// Prints each runner's own summary and ends with one line of totals across runners.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { nodeProblem } from './support/check-node.mjs';

// First, before anything can fail in a confusing way: a Node.js the project runs on.
const nodeTooOld = nodeProblem(process.versions.node, JSON.parse(readFileSync('package.json', 'utf8')).engines.node);
if (nodeTooOld) {
  console.error(nodeTooOld);
  console.log('0 passed, 1 failed');
  process.exit(1);
}

const results = 'test-results';
rmSync(results, { recursive: true, force: true });
mkdirSync(results, { recursive: true });

const totals = { passed: 0, failed: 0, skipped: 0 };
// A step that could not run, or ran without a report, counts as one failed test, so
// the totals line never reads as success when nothing ran.
let broken = false;
function stepFailed(label, why) {
  console.log(`=== ${label}: ${why}; counted as 1 failed`);
  totals.failed += 1;
  broken = true;
}

function run(label, command, args, env = {}) {
  console.log(`\n=== ${label}: ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  if (result.status !== 0) console.log(`=== ${label} exited with ${result.status ?? result.signal}`);
  return result.status === 0;
}

function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

// The worked-example service is its own npm project (learners download it as is);
// its tests run it for real, so it needs its dependencies.
if (!existsSync('labs/worked-example/node_modules')) {
  run('worked-example install', 'npm', ['install', '--prefix', 'labs/worked-example', '--no-audit', '--no-fund']);
}

// 0. The strict type check; a type error fails the run (it has no test count of its own).
// `astro sync` first writes the types of astro:content and import.meta.glob (.astro/), which a fresh clone lacks.
if (!run('typecheck', 'npm', ['run', '--silent', 'typecheck'])) stepFailed('typecheck', 'type errors');
else console.log('typecheck: no errors');

// 1. Unit tests (engines, grading, lab manifests, the worked example run for real).
const unitOk = run('unit', 'npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${results}/unit.json`]);
const unit = readJson(`${results}/unit.json`);
if (unit) {
  totals.passed += unit.numPassedTests;
  totals.failed += unit.numFailedTests;
  totals.skipped += unit.numPendingTests + unit.numTodoTests;
  console.log(`unit: ${unit.numPassedTests} passed, ${unit.numFailedTests} failed, ${unit.numPendingTests + unit.numTodoTests} skipped`);
} else stepFailed('unit', 'no report');
if (!unitOk && unit && unit.numFailedTests === 0) stepFailed('unit', `exited with an error but reported no failed test`);

// 2. Browser suites: each builds the site its own way, then runs Playwright against it.
// A build warning a newcomer cannot act on is a defect: the build's output is read,
// and any warning but the placeholder-site one (which says what to set) fails the run.
const EXPECTED_WARNING = /\[course-site\] content\/course\.yaml: `site` is still the placeholder/;
function build(label, outDir, env) {
  console.log(`\n=== ${label}: npx astro build --outDir ${outDir}`);
  const result = spawnSync('npx', ['astro', 'build', '--outDir', outDir], {
    encoding: 'utf8',
    env: { ...process.env, ...env },
    maxBuffer: 64 * 1024 * 1024,
  });
  process.stdout.write(result.stdout ?? '');
  process.stderr.write(result.stderr ?? '');
  if (result.status !== 0) {
    stepFailed(label, `the build exited with ${result.status ?? result.signal}`);
    return false;
  }
  const unexpected = `${result.stdout}\n${result.stderr}`
    // Astro colours its log lines; compare the text.
    .replace(/\x1b\[[0-9;]*m/g, '')
    .split('\n')
    .filter((line) => /\[WARN\]|\bwarning\b/i.test(line) && !EXPECTED_WARNING.test(line));
  if (unexpected.length > 0) {
    console.log(unexpected.map((line) => `=== unexpected build warning: ${line.trim()}`).join('\n'));
    stepFailed(label, `${unexpected.length} build warning(s); fix the cause, or silence it at its source with a comment saying why`);
  }
  return true;
}

function e2e(label, buildEnv, testEnv, extraArgs = []) {
  if (!build(`${label} build`, testEnv.SITE_DIR, buildEnv)) return;
  const file = `${results}/${label}.json`;
  const ok = run(label, 'npx', ['playwright', 'test', ...extraArgs], {
    ...buildEnv,
    ...testEnv,
    PLAYWRIGHT_JSON_OUTPUT_NAME: file,
  });
  countPlaywright(label, readJson(file)?.stats, ok);
}

/** Adds one Playwright run to the totals; a run that exited badly or ran nothing counts as failed. */
function countPlaywright(label, s, ok) {
  if (!s) {
    stepFailed(label, 'no report');
    return;
  }
  totals.passed += s.expected + s.flaky;
  totals.failed += s.unexpected;
  totals.skipped += s.skipped;
  console.log(`${label}: ${s.expected + s.flaky} passed, ${s.unexpected} failed, ${s.skipped} skipped`);
  // e.g. the web server's port was taken: Playwright stops before any test and reports zeros.
  if (s.expected + s.flaky + s.unexpected === 0) stepFailed(label, 'no test ran');
  else if (!ok && s.unexpected === 0) stepFailed(label, 'exited with an error but reported no failed test');
}

e2e('e2e', {}, { SITE_DIR: 'dist' });

// 3. Hosted under a path: the learner journey and the whole browser suite on a build with base /tracing-course/.
e2e('subpath', { COURSE_BASE: '/tracing-course/' }, { SITE_DIR: 'dist-subpath', PORT: '4611' }, [
  'test/e2e/subpath.spec.ts',
  'test/e2e/site.spec.ts',
  'test/e2e/learning-loop.spec.ts',
  'test/e2e/lab.spec.ts',
]);

// 4. The production recipe: Debian's nginx serves the builds with src/hosting/nginx.conf (at the
//    root, and under /tracing-course/ as its location variant) and the browser suites run
//    against it. Reuses dist/ and dist-subpath/ when this run built them to the end (the
//    build's last step gives every page its Content-Security-Policy meta).
async function nginxSuite(label, dir, base, specs) {
  const { existsSync, statSync } = await import('node:fs');
  const { startNginx } = await import('./support/nginx.mjs');
  const home = `${dir}/index.html`;
  const fresh =
    existsSync(home) &&
    statSync(home).mtimeMs >= performance.timeOrigin &&
    readFileSync(home, 'utf8').includes('http-equiv="content-security-policy"');
  const buildEnv = base === '/' ? {} : { COURSE_BASE: base };
  let nginx = null;
  if (fresh || build(`${label} build`, dir, buildEnv)) {
    try {
      nginx = await startNginx({ dir, base });
    } catch (error) {
      console.log(`=== ${label}: nginx could not start: ${error.message}`);
    }
  }
  if (!nginx) {
    stepFailed(label, 'nginx did not serve the build');
    return;
  }
  const file = `${results}/${label}.json`;
  const ok = run(label, 'npx', ['playwright', 'test', ...specs], {
    ...buildEnv,
    SITE_DIR: dir,
    E2E_BASE_URL: nginx.url,
    E2E_SERVER: 'nginx',
    PLAYWRIGHT_JSON_OUTPUT_NAME: file,
  });
  await nginx.stop();
  countPlaywright(label, readJson(file)?.stats, ok);
}
await nginxSuite('nginx', 'dist', '/', ['test/e2e/nginx.spec.ts', 'test/e2e/site.spec.ts']);
await nginxSuite('nginx-subpath', 'dist-subpath', '/tracing-course/', ['test/e2e/nginx.spec.ts', 'test/e2e/subpath.spec.ts']);

if (totals.passed === 0 && totals.failed === 0) stepFailed('npm test', 'no test ran');
console.log(`\n${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(totals.failed > 0 || broken ? 1 : 0);
