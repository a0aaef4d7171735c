// `npm run lighthouse`: a benchmark, not a test. Serves a build (SITE_DIR, default
// dist/) with gzip as the nginx recipe does (src/hosting/nginx.conf), runs Lighthouse
// in Debian's Chromium (or the browser the browser tests use) over every page, and
// prints a table of the four category scores with the metrics behind performance.
// `npm run lighthouse -- playground/ backends/` checks only those pages.
// Exits with 1 when a page is below target: performance ≥ 0.98, the others 1.0.
//
// CPU throttling is relative to the machine that runs Lighthouse: its default 4x
// slowdown assumes a high-end desktop (benchmarkIndex 1500-2000) and lands it in
// the mid-tier mobile bracket; on a weaker or busy machine Lighthouse's own docs
// ask for a lower multiplier ("Calibrating the CPU slowdown",
// https://github.com/GoogleChrome/lighthouse/blob/main/docs/throttling.md). So a
// first run measures this machine's benchmarkIndex, and every page is then run
// with the multiplier that brings it to the same target: 4 × index / 1750, at
// most 4 and at least 1. LIGHTHOUSE_CPU_SLOWDOWN sets the multiplier instead.
//
// Scores vary from run to run, most of all on a shared machine; each page is run
// LIGHTHOUSE_RUNS times (default 3) and the table shows the median run, chosen by
// Lighthouse's own computeMedianRun ("Run Lighthouse multiple times",
// https://github.com/GoogleChrome/lighthouse/blob/main/docs/variability.md).
import { spawn } from 'node:child_process';
import { createServer, request } from 'node:http';
import { gzipSync } from 'node:zlib';
import lighthouse, { defaultConfig } from 'lighthouse';
import { computeMedianRun } from 'lighthouse/core/lib/median-run.js';
import * as chromeLauncher from 'chrome-launcher';
import { builtPages, SITE_DIR } from '../e2e/support/site.ts';
import { CHROMIUM_ARGS, findChromium } from '../e2e/support/chromium.ts';

const port = Number(process.env.PORT ?? 4690);
const DEFAULT_THROTTLING = defaultConfig.settings?.throttling ?? {};
const RUNS = Math.max(1, Number(process.env.LIGHTHOUSE_RUNS ?? 3));
const HIGH_END_DESKTOP_INDEX = 1750; // the middle of the bracket the default 4x assumes
const only = process.argv.slice(2).map((p) => p.replace(/^\//, ''));
const TARGET = { performance: 0.98, accessibility: 1, 'best-practices': 1, seo: 1 };

// The test server sends files as they are; a real host compresses text. This front
// compresses what nginx compresses (gzip_types), at nginx's level 5.
const COMPRESSED = /^(text\/|application\/(javascript|json|xml)|image\/svg\+xml)/;
// The file server listens on a free port the system picks, so the run uses only PORT.
const filesPort = await new Promise((resolve) => {
  const probe = createServer().listen(0, '127.0.0.1', () => {
    const { port: free } = probe.address();
    probe.close(() => resolve(free));
  });
});
const files = spawn('node', ['test/support/serve.mjs', '--dir', SITE_DIR, '--port', String(filesPort)], { stdio: 'ignore' });
const front = createServer((req, res) => {
  const upstream = request({ host: '127.0.0.1', port: filesPort, path: req.url, method: req.method, headers: req.headers }, (up) => {
    const chunks = [];
    up.on('data', (chunk) => chunks.push(chunk));
    up.on('end', () => {
      const body = Buffer.concat(chunks);
      const headers = { ...up.headers };
      const type = String(headers['content-type'] ?? '');
      if (COMPRESSED.test(type) && body.length >= 256 && /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''))) {
        const gz = gzipSync(body, { level: 5 });
        res.writeHead(up.statusCode ?? 200, {
          ...headers,
          'content-encoding': 'gzip',
          'content-length': gz.length,
          vary: 'Accept-Encoding',
        });
        res.end(gz);
      } else {
        res.writeHead(up.statusCode ?? 200, headers);
        res.end(body);
      }
    });
  });
  upstream.on('error', () => {
    res.writeHead(502);
    res.end();
  });
  req.pipe(upstream);
});
await new Promise((resolve) => front.listen(port, '127.0.0.1', resolve));
await new Promise((resolve) => setTimeout(resolve, 500)); // serve.mjs starts listening

const chrome = await chromeLauncher.launch({ chromePath: findChromium(), chromeFlags: ['--headless=new', ...CHROMIUM_ARGS] });
const rows = [];
const pct = (score) => (score === null ? '  –  ' : score.toFixed(2));
try {
  const pages = builtPages().filter((p) => only.length === 0 || only.includes(p));
  const audit = (path, settings = {}) =>
    lighthouse(`http://127.0.0.1:${port}/${path}`, {
      port: chrome.port,
      output: 'json',
      logLevel: 'error',
      onlyCategories: ['performance', 'accessibility', 'best-practices', 'seo'],
      ...settings,
    });
  let slowdown = Number(process.env.LIGHTHOUSE_CPU_SLOWDOWN);
  if (!(slowdown > 0)) {
    const index = (await audit(pages[0] ?? '', { onlyCategories: ['performance'] })).lhr.environment.benchmarkIndex;
    slowdown = Math.min(4, Math.max(1, (4 * index) / HIGH_END_DESKTOP_INDEX));
    console.log(`benchmarkIndex of this machine: ${Math.round(index)}; CPU slowdown ${slowdown.toFixed(2)}x (4x on a high-end desktop)`);
    console.log(`median of ${RUNS} run(s) per page`);
  } else console.log(`CPU slowdown ${slowdown}x (LIGHTHOUSE_CPU_SLOWDOWN)`);
  console.log(
    `${'page'.padEnd(20)} ${'performance'.padStart(11)} ${'accessibility'.padStart(13)} ${'best practices'.padStart(14)} ${'SEO'.padStart(5)}   FCP ms  LCP ms  TBT ms    CLS`,
  );
  for (const path of pages) {
    const runs = [];
    for (let run = 0; run < RUNS; run += 1) {
      runs.push((await audit(path, { throttling: { ...DEFAULT_THROTTLING, cpuSlowdownMultiplier: slowdown } })).lhr);
    }
    const { categories: c, audits: a } = computeMedianRun(runs);
    const row = {
      page: `/${path}`,
      performance: c.performance.score,
      accessibility: c.accessibility.score,
      'best-practices': c['best-practices'].score,
      seo: c.seo.score,
    };
    rows.push(row);
    const ms = (id) => String(Math.round(a[id]?.numericValue ?? NaN)).padStart(7);
    console.log(
      `${row.page.padEnd(20)} ${pct(row.performance).padStart(11)} ${pct(row.accessibility).padStart(13)} ${pct(row['best-practices']).padStart(14)} ${pct(row.seo).padStart(5)}  ${ms('first-contentful-paint')} ${ms('largest-contentful-paint')} ${ms('total-blocking-time')} ${(a['cumulative-layout-shift']?.numericValue ?? NaN).toFixed(3).padStart(6)}`,
    );
    // What cost a point: the failing audits of each category below target.
    for (const [id, target] of Object.entries(TARGET)) {
      if ((c[id].score ?? 0) >= target) continue;
      const failing = c[id].auditRefs
        .filter((ref) => ref.weight > 0 && a[ref.id]?.score !== null && (a[ref.id]?.score ?? 1) < 1)
        .map((ref) => `${ref.id} ${pct(a[ref.id].score)}`);
      console.log(`    ${id}: ${failing.join(', ') || '(no weighted audit failed)'}`);
    }
  }
} finally {
  await chrome.kill();
  front.close();
  files.kill();
}
const below = rows.filter((r) => Object.entries(TARGET).some(([id, target]) => (r[id] ?? 0) < target));
console.log(
  below.length
    ? `${below.length} of ${rows.length} page(s) below target (performance ≥ ${TARGET.performance}, the others 1.0): ${below.map((r) => r.page).join(' ')}`
    : `all ${rows.length} pages meet the targets (performance ≥ ${TARGET.performance}, the others 1.0)`,
);
if (below.length) process.exitCode = 1;
