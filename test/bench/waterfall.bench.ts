// Benchmark of the trace waterfall (not a test): renders about 2,000 spans
// in real Chromium and prints how long the first render, keyboard moves,
// scrolling and opening a span's details take.
// Run: npx tsx test/bench/waterfall.bench.ts   (needs `chromium` on PATH)
//
// The page is bundled here with esbuild (the bundler Astro's Vite ships
// with) in production mode, so Preact (with its React compatibility layer, as astro.config.mjs sets up)
// runs as it does on the built site.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';

const here = fileURLToPath(new URL('.', import.meta.url));
const out = mkdtempSync(join(tmpdir(), 'waterfall-bench-'));

try {
  await build({
    entryPoints: [join(here, 'waterfall-page.tsx')],
    bundle: true,
    format: 'iife',
    outfile: join(out, 'page.js'),
    define: { 'process.env.NODE_ENV': '"production"' },
    jsx: 'automatic',
    jsxImportSource: 'preact',
    alias: { react: 'preact/compat', 'react-dom': 'preact/compat' },
    minify: true,
    logLevel: 'error',
  });
  // Starlight's theme variables the waterfall reads, with their dark-theme values.
  writeFileSync(
    join(out, 'index.html'),
    `<!doctype html><html><head><meta charset="utf-8"><link rel="stylesheet" href="page.css">
<style>:root{--sl-color-gray-2:#c0c2c7;--sl-color-gray-3:#888b96;--sl-color-gray-4:#545861;--sl-color-gray-5:#353841;
--sl-color-gray-6:#24272f;--sl-color-bg:#17181c;--sl-color-white:#fff;--sl-color-text:#c0c2c7;--sl-color-hairline:#24272f;
--sl-color-accent:#3b6cff;--sl-color-accent-low:#172554;--sl-color-red:#ef4f8a;--sl-color-red-low:#4a1f2f;--sl-color-red-high:#fcc5d8;
--sl-text-xs:13px;--sl-text-2xs:12px;--sl-text-sm:14px}body{background:#17181c;color:#c0c2c7;font-family:sans-serif;width:720px}
.sr-only{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0,0,0,0)}</style></head>
<body><div id="app"></div><script src="page.js"></script></body></html>`,
  );

  const executablePath = execFileSync('sh', ['-c', 'command -v chromium'], { encoding: 'utf8' }).trim();
  const browser = await chromium.launch({
    executablePath,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  const page = await browser.newPage({ viewport: { width: 800, height: 900 } });
  page.on('pageerror', (error) => console.error('page error:', error.message));
  await page.goto(`file://${join(out, 'index.html')}`);
  await page.waitForFunction(() => 'runBenchmark' in window);
  interface Result {
    trafficSpans: number;
    traces: number;
    modelMs: number;
    traffic: Record<string, number>;
    wide: Record<string, number>;
  }
  let last: Result | undefined;
  for (let i = 0; i < 3; i += 1) {
    last = (await page.evaluate(() => (window as unknown as { runBenchmark: () => Promise<unknown> }).runBenchmark())) as Result;
  }
  await browser.close();
  if (!last) throw new Error('the benchmark page returned nothing');

  const ms = (n: number | undefined) => `${(n ?? 0).toFixed(1)} ms`;
  console.log(`Chromium ${browser.version()}, third of three runs (the first warms up the JIT)`);
  console.log(`trace model for ${last.trafficSpans} spans in ${last.traces} traces: ${ms(last.modelMs)}`);
  for (const [label, r] of [
    [`${last.trafficSpans} spans in ${last.traces} traces`, last.traffic],
    ['2000 spans in one trace', last.wide],
  ] as const) {
    console.log(`${label}:`);
    console.log(`  first render (Preact + layout)   ${ms(r.rendered)}   to next frame ${ms(r.painted)}   rows in the DOM: ${r.domRows}`);
    console.log(`  ArrowDown, per key press         ${ms(r.perKey)}`);
    console.log(`  scroll to the end, to next frame ${ms(r.scrolled)}`);
    console.log(`  open a span's details            ${ms(r.details)}`);
  }
} finally {
  rmSync(out, { recursive: true, force: true });
}
