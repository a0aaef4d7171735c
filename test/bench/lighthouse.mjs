// `npm run lighthouse`: a benchmark, not a test. Serves the build in dist/, runs
// Lighthouse in the Chromium the browser tests use, and prints each page's four
// category scores (performance, accessibility, best practices, SEO).
import { spawn, execFileSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import lighthouse from 'lighthouse';
import * as chromeLauncher from 'chrome-launcher';

const dir = process.env.SITE_DIR ?? 'dist';
const port = 4690;
const only = process.argv.slice(2);

function pages(root) {
  const found = [];
  const walk = (d) => {
    for (const name of readdirSync(d)) {
      const full = join(d, name);
      if (statSync(full).isDirectory()) {
        if (!['_astro', 'pagefind', 'downloads'].includes(name)) walk(full);
      } else if (name === 'index.html') found.push(relative(root, d) ? `${relative(root, d)}/` : '');
    }
  };
  walk(root);
  return found.sort();
}

const chromePath = execFileSync('sh', ['-c', 'command -v chromium || command -v chromium-browser'], { encoding: 'utf8' }).trim();
const server = spawn('node', ['test/support/serve.mjs', '--dir', dir, '--port', String(port)], { stdio: 'ignore' });
await new Promise((r) => setTimeout(r, 500));
const chrome = await chromeLauncher.launch({
  chromePath,
  chromeFlags: [
    '--headless=new',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
  ],
});
const rows = [];
try {
  for (const path of pages(dir).filter((p) => only.length === 0 || only.includes(p))) {
    const result = await lighthouse(`http://127.0.0.1:${port}/${path}`, {
      port: chrome.port,
      output: 'json',
      logLevel: 'error',
      onlyCategories: ['performance', 'accessibility', 'best-practices', 'seo'],
    });
    const c = result.lhr.categories;
    const row = {
      page: `/${path}`,
      performance: c.performance.score,
      accessibility: c.accessibility.score,
      'best-practices': c['best-practices'].score,
      seo: c.seo.score,
    };
    rows.push(row);
    console.log(`${row.page.padEnd(22)} perf ${row.performance}  a11y ${row.accessibility}  best ${row['best-practices']}  seo ${row.seo}`);
  }
} finally {
  await chrome.kill();
  server.kill();
}
const below = rows.filter((r) => r.performance < 0.95 || r.accessibility < 1 || r['best-practices'] < 1 || r.seo < 1);
console.log(below.length ? `${below.length} page(s) below target (perf ≥ 0.95, others 1.0)` : 'every page meets the targets');
