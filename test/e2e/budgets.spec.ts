import { gzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, type Page, test } from '@playwright/test';
import { quizAnchor } from '../../src/course/skip-targets.ts';
import { BASE, builtPages } from './support/site.ts';

// JavaScript budgets per kind of page, measured the way a learner's browser
// gets the code: every page is loaded, scrolled until each island has
// hydrated, and left until the network is idle; then every same-origin script
// it fetched is gzipped here at level 9 (the test server sends files as they
// are, uncompressed, so the wire size is computed rather than read) and summed.
// Nothing is clicked: a sandbox or analysis page is measured before the
// learner runs anything, so engines loaded on a first run do not count.

const KIB = 1024;

/** Islands whose engines (OpenTelemetry SDK, simulators, TraceQL, YAML, RE2) must wait for a first run. */
const ENGINE_ISLANDS = [
  'CheckoutSandboxIsland',
  'TraceQLPlaygroundIsland',
  'SamplingLabIsland',
  'RedactionLabIsland',
  'ExemplarExplorerIsland',
  'VolumeCalculatorIsland',
];

type Kind = 'prose' | 'quiz' | 'module quiz' | 'sandbox';

/** Budget in bytes of gzipped JS beyond Starlight's own scripts (prose) or in total (the others). */
const BUDGETS: Record<Exclude<Kind, 'prose'>, number> = {
  quiz: 110 * KIB,
  'module quiz': 150 * KIB,
  sandbox: 150 * KIB,
};

/** The module quiz's bank is content/quizzes/module.yaml; Quiz.astro gives its wrapper this id. */
const MODULE_QUIZ_ID = quizAnchor('module');

interface Measured {
  path: string;
  kind: Kind;
  islands: string[];
  /** Gzipped bytes of every script the page loaded. */
  total: number;
  /** Gzipped bytes of the scripts that are not Starlight's own. */
  ours: number;
  /** Script paths that are not Starlight's own (prose pages must have none). */
  oursFiles: string[];
  /** Gzipped bytes per script path. */
  files: Map<string, number>;
}

/** What a page holds, read from its HTML: the island components Astro names in `component-url`. */
function classify(html: string): { kind: Kind; islands: string[] } {
  const islands = [...html.matchAll(/<astro-island\b[^>]*\bcomponent-url="([^"]+)"/g)].map((m) => {
    const file = m[1]!.split('/').at(-1)!;
    return file.replace(/\.[^.]+\.m?js$/, '');
  });
  if (islands.length === 0) return { kind: 'prose', islands };
  if (islands.some((name) => ENGINE_ISLANDS.includes(name))) return { kind: 'sandbox', islands };
  if (html.includes(`id="${MODULE_QUIZ_ID}"`)) return { kind: 'module quiz', islands };
  return { kind: 'quiz', islands };
}

/** Scrolls every island into view until Astro has hydrated it (it drops `ssr`), then waits for the network to settle. */
async function hydrateAll(page: Page) {
  for (const island of await page.locator('astro-island').all()) {
    await expect(async () => {
      await island.evaluate((el) => {
        // <astro-island> has no box of its own (display: contents): scroll its first rendered descendant.
        const target = [...el.querySelectorAll('*')].find((node) => node.getClientRects().length > 0);
        (target ?? el).scrollIntoView({ block: 'center' });
      });
      await expect(island).not.toHaveAttribute('ssr', { timeout: 1_000 });
    }).toPass({ timeout: 45_000 });
  }
  await page.waitForLoadState('networkidle');
}

/** The import closure of some built modules, read from the build (relative imports only, as Vite writes them). */
function importClosure(siteDir: string, entries: Iterable<string>): Set<string> {
  const seen = new Set<string>();
  const queue = [...entries];
  while (queue.length > 0) {
    const url = queue.pop()!;
    if (seen.has(url)) continue;
    seen.add(url);
    let code: string;
    try {
      code = readFileSync(join(siteDir, decodeURIComponent(url.slice(BASE.length))), 'utf8');
    } catch {
      continue;
    }
    // Static and dynamic imports: Starlight's search loads Pagefind's UI with import() once the page is idle.
    for (const [, spec] of code.matchAll(/(?:\bfrom\s*|\bimport\s*\(?\s*)["'`](\.{1,2}\/[^"'`]+)["'`]/g)) {
      queue.push(new URL(spec!, `http://site${url}`).pathname);
    }
  }
  return seen;
}

const kib = (bytes: number) => (bytes / KIB).toFixed(1);

test('every page stays within its JavaScript budget', async ({ browser, baseURL }) => {
  const origin = new URL(baseURL!).origin;
  const pages = builtPages();
  test.setTimeout(60_000 + pages.length * 60_000); // each page may take a while to hydrate on a busy 2-core machine
  const siteDir = process.env.SITE_DIR ?? 'dist';
  const measured: Measured[] = [];

  for (const path of pages) {
    const html = readFileSync(join(siteDir, path, 'index.html'), 'utf8');
    const { kind, islands } = classify(html);
    const page = await browser.newPage();
    const scripts = new Map<string, number>();
    const pending: Promise<void>[] = [];
    page.on('response', (response) => {
      const url = new URL(response.url());
      if (url.origin !== origin || response.request().resourceType() !== 'script') return;
      pending.push(
        response.body().then(
          (body) => void scripts.set(url.pathname, gzipSync(body, { level: 9 }).length),
          () => undefined, // a response the page navigated away from has no body to read
        ),
      );
    });
    await page.goto(path, { waitUntil: 'networkidle' });
    // Islands wait until they are seen (or the page is idle): none costs a page its first paint.
    expect(
      await page.locator('astro-island[client="load"]').count(),
      `${BASE}${path}: islands hydrate when visible or idle, never on load`,
    ).toBe(0);
    await hydrateAll(page);
    await Promise.all(pending);
    // Starlight's own scripts are the ones its components write as <script src> tags (a unit test,
    // test/unit/site/no-scripts-of-ours.test.ts, keeps such tags out of our components and lessons)
    // and the modules those import. Ours reach the page only through islands.
    const tags = await page
      .locator('script[src]')
      .evaluateAll((els) => els.filter((el) => !el.closest('astro-island')).map((el) => new URL((el as HTMLScriptElement).src).pathname));
    const starlight = importClosure(siteDir, tags);
    await page.close();
    const oursFiles = [...scripts.keys()].filter((file) => !starlight.has(file)).sort();
    const sum = (files: string[]) => files.reduce((n, file) => n + scripts.get(file)!, 0);
    measured.push({
      path: `${BASE}${path}`,
      kind,
      islands,
      total: sum([...scripts.keys()]),
      ours: sum(oursFiles),
      oursFiles,
      files: scripts,
    });
  }

  const over = measured.filter((m) => (m.kind === 'prose' ? m.oursFiles.length > 0 : m.total > BUDGETS[m.kind]));
  const budgetOf = (m: Measured) => (m.kind === 'prose' ? 'Starlight only' : `${kib(BUDGETS[m.kind])} KiB`);
  const line = (m: Measured) =>
    `${m.path.padEnd(22)} ${m.kind.padEnd(12)} ${kib(m.total).padStart(7)} ${kib(m.ours).padStart(7)}  ${budgetOf(m).padEnd(15)} ${
      over.includes(m) ? 'OVER' : 'ok  '
    }  ${[...new Set(m.islands)].join(', ') || '—'}`;
  console.log(
    [
      'Gzipped JavaScript per page (level 9, after every island hydrated, nothing run), KiB:',
      `${'page'.padEnd(22)} ${'kind'.padEnd(12)} ${'total'.padStart(7)} ${'ours'.padStart(7)}  ${'budget'.padEnd(15)} ${'    '}  islands`,
      ...measured.map(line),
    ].join('\n'),
  );
  // BUDGET_FILES=1 lists each page's scripts beyond Starlight's, largest first: where to look when a page is over.
  if (process.env.BUDGET_FILES) {
    for (const m of measured.filter((m) => m.oursFiles.length > 0)) {
      const files = [...m.files].filter(([file]) => m.oursFiles.includes(file)).sort((a, b) => b[1] - a[1]);
      console.log(`${m.path}\n${files.map(([file, bytes]) => `  ${kib(bytes).padStart(6)}  ${file}`).join('\n')}`);
    }
  }

  expect(measured.length, 'the build has pages to measure').toBeGreaterThan(0);
  expect(
    measured.some((m) => m.kind === 'prose'),
    'at least one page has no island, to measure Starlight alone',
  ).toBe(true);
  expect(
    over.map((m) =>
      m.kind === 'prose'
        ? `${m.path}: a page without islands loads ${kib(m.ours)} KiB of our JavaScript (${m.oursFiles.join(', ')})`
        : `${m.path} (${m.kind}): ${kib(m.total)} KiB gzipped JS, over its ${budgetOf(m)} budget by ${kib(m.total - BUDGETS[m.kind])} KiB`,
    ),
    'pages over their JavaScript budget',
  ).toEqual([]);
});
