// `npm test`: the type check, Vitest, two fresh builds, then the browser tests against them.
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

/** Wall time since `started`, for the step lines: where a slow run spends its time. */
const seconds = (started) => `${((performance.now() - started) / 1000).toFixed(1)} s`;

function run(label, command, args, env = {}) {
  console.log(`\n=== ${label}: ${command} ${args.join(' ')}`);
  const started = performance.now();
  const result = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  if (result.status !== 0) console.log(`=== ${label} exited with ${result.status ?? result.signal}`);
  console.log(`=== ${label} took ${seconds(started)}`);
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

// 0. Static checks, each once; any problem fails the run (they have no test count of their own).
//    `astro check` type-checks the .astro files as well as the TypeScript (and writes the
//    content types a fresh clone lacks); ESLint lints; dependency-cruiser holds the layers
//    (.dependency-cruiser.cjs); Prettier checks the formatting.
for (const [label, script, problem] of [
  ['typecheck', 'typecheck', 'type errors'],
  ['lint', 'lint', 'lint errors'],
  ['layers', 'lint:layers', 'an import against the layers'],
  ['format', 'format:check', 'files Prettier would change (npm run format)'],
]) {
  if (!run(label, 'npm', ['run', '--silent', script])) stepFailed(label, problem);
  else console.log(`${label}: clean`);
}

// 1. Vitest: test/unit (in process) and test/integration (the lab scripts, the worked example
//    and the grade command run as programs).
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
  const started = performance.now();
  const result = spawnSync('npx', ['astro', 'build', '--outDir', outDir], {
    encoding: 'utf8',
    env: { ...process.env, ...env },
    maxBuffer: 64 * 1024 * 1024,
  });
  process.stdout.write(result.stdout ?? '');
  process.stderr.write(result.stderr ?? '');
  console.log(`=== ${label} took ${seconds(started)}`);
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

/** Per project: passed, failed and skipped tests in a Playwright JSON report. */
function countByProject(report) {
  const counts = new Map();
  const walk = (suite) => {
    for (const spec of suite.specs ?? []) {
      for (const t of spec.tests ?? []) {
        const c = counts.get(t.projectName) ?? { passed: 0, failed: 0, skipped: 0 };
        if (t.status === 'expected' || t.status === 'flaky') c.passed += 1;
        else if (t.status === 'skipped') c.skipped += 1;
        else c.failed += 1;
        counts.set(t.projectName, c);
      }
    }
    for (const child of suite.suites ?? []) walk(child);
  };
  for (const suite of report?.suites ?? []) walk(suite);
  return counts;
}

// 2. Browser tests: each build the site is served as, as one Playwright project, all in one
//    Playwright run (Chromium and the workers start once, and both workers stay busy to the end).
//    What each build gets is set in playwright.config.ts: every spec on the build at the root (the
//    page checks run there, once, and a new spec lands there); subpath.spec.ts alone on the build
//    under /tracing-course/; exam.spec.ts alone on a build whose module quiz is an exam; nginx.spec.ts alone against Debian's nginx serving both builds with
//    src/hosting/nginx.conf (at the root, and under the path as its location variant).
const port = Number(process.env.PORT ?? 4610);
const SUB_PATH = '/tracing-course/';
const targets = [];
if (build('e2e build', 'dist', {})) targets.push({ name: 'e2e', dir: 'dist', base: '/', port, checks: 'pages' });
if (build('subpath build', 'dist-subpath', { COURSE_BASE: SUB_PATH }))
  targets.push({ name: 'subpath', dir: 'dist-subpath', base: SUB_PATH, port: port + 1, checks: 'sub-path' });
// The module quiz as an exam (COURSE_EXAM_BANKS): exam.spec.ts alone, the learner's journey and the key-absence check.
if (build('exam build', 'dist-exam', { COURSE_EXAM_BANKS: 'module' }))
  targets.push({ name: 'exam', dir: 'dist-exam', base: '/', port: port + 2, checks: 'exam' });

const servers = [];
for (const [label, dir, base] of [
  ['nginx', 'dist', '/'],
  ['nginx-subpath', 'dist-subpath', SUB_PATH],
]) {
  if (!targets.some((t) => t.dir === dir)) {
    stepFailed(label, 'no build to serve');
    continue;
  }
  try {
    const { startNginx } = await import('./support/nginx.mjs');
    const nginx = await startNginx({ dir, base });
    servers.push(nginx);
    targets.push({ name: label, dir, base, url: nginx.url, checks: 'nginx' });
  } catch (error) {
    console.log(`=== ${label}: nginx could not start: ${error.message}`);
    stepFailed(label, 'nginx did not serve the build');
  }
}

if (targets.length > 0) {
  const file = `${results}/e2e.json`;
  const pagesBuild = targets.find((t) => t.checks === 'pages') ?? targets[0];
  const ok = run('e2e', 'npx', ['playwright', 'test'], {
    E2E_TARGETS: JSON.stringify(targets),
    // Specs that run on one build only read it from here (test/e2e/support/site.ts).
    SITE_DIR: pagesBuild.dir,
    COURSE_BASE: pagesBuild.base,
    PLAYWRIGHT_JSON_OUTPUT_NAME: file,
  });
  for (const nginx of servers) await nginx.stop();
  const report = readJson(file);
  if (!report) stepFailed('e2e', 'no report');
  else {
    const counts = countByProject(report);
    for (const { name } of targets) {
      const c = counts.get(name) ?? { passed: 0, failed: 0, skipped: 0 };
      totals.passed += c.passed;
      totals.failed += c.failed;
      totals.skipped += c.skipped;
      console.log(`${name}: ${c.passed} passed, ${c.failed} failed, ${c.skipped} skipped`);
      // e.g. a web server's port was taken: Playwright stops before any test and reports zeros.
      if (c.passed + c.failed === 0) stepFailed(name, 'no test ran');
    }
    const failed = [...counts.values()].reduce((sum, c) => sum + c.failed, 0);
    if (!ok && failed === 0) stepFailed('e2e', 'exited with an error but reported no failed test');
  }
}

if (totals.passed === 0 && totals.failed === 0) stepFailed('npm test', 'no test ran');
console.log(`\n${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(totals.failed > 0 || broken ? 1 : 0);
