import { defineConfig } from '@playwright/test';
import { findChromium, CHROMIUM_ARGS } from './test/e2e/support/chromium.ts';
import type { Site } from './test/e2e/support/site.ts';

// Browser tests run against built sites served on loopback, one Playwright project per build.
//
// By hand, one build: SITE_DIR (dist/ by default) served by test/support/serve.mjs on PORT under
// COURSE_BASE runs every spec but nginx.spec.ts and exam.spec.ts (exam.spec.ts alone with COURSE_EXAM_BANKS=module); E2E_BASE_URL points at a server started elsewhere
// instead, and with E2E_SERVER=nginx only nginx.spec.ts runs (see its header).
//
// `npm test` runs all its builds in one invocation, so Chromium and the workers start once:
// E2E_TARGETS is a JSON list of { name, dir, base, checks, port | url } (test/run-all.mjs writes it).
// `checks` says which specs a build gets:
//   pages    every spec but nginx.spec.ts and exam.spec.ts: everything a learner meets, checked once (a new spec lands here);
//   sub-path subpath.spec.ts only: what a base path changes;
//   exam     exam.spec.ts only: a build whose module quiz is an exam (COURSE_EXAM_BANKS=module);
//   nginx    nginx.spec.ts only: what the production recipe adds (headers, caching, compression, 404).
type Checks = 'pages' | 'sub-path' | 'nginx' | 'exam';
interface Target extends Site {
  name: string;
  checks: Checks;
  /** Served by test/support/serve.mjs on this port … */
  port?: number;
  /** … or by a server already running at this address. */
  url?: string;
}

const CHECKS: Record<Checks, { testMatch?: string; testIgnore?: string | string[] }> = {
  pages: { testIgnore: ['**/nginx.spec.ts', '**/exam.spec.ts'] },
  'sub-path': { testMatch: '**/subpath.spec.ts' },
  nginx: { testMatch: '**/nginx.spec.ts' },
  exam: { testMatch: '**/exam.spec.ts' },
};

function byHand(): Target {
  const dir = process.env.SITE_DIR ?? 'dist';
  const base = process.env.COURSE_BASE ?? '/';
  const url = process.env.E2E_BASE_URL;
  if (url) return { name: 'e2e', dir, base, url, checks: process.env.E2E_SERVER === 'nginx' ? 'nginx' : 'pages' };
  // A build made with COURSE_EXAM_BANKS gets exam.spec.ts, as the exam build of `npm test` does.
  return { name: 'e2e', dir, base, port: Number(process.env.PORT ?? 4610), checks: process.env.COURSE_EXAM_BANKS ? 'exam' : 'pages' };
}

const targets: Target[] = process.env.E2E_TARGETS ? JSON.parse(process.env.E2E_TARGETS) : [byHand()];
const address = (t: Target) => t.url ?? `http://127.0.0.1:${t.port}${t.base}`;

export default defineConfig<object, { site: Site }>({
  testDir: 'test/e2e',
  testMatch: '**/*.spec.ts',
  // Playwright empties its output folder when it starts: a folder of its own keeps the other reports in test-results/.
  outputDir: 'test-results/e2e',
  fullyParallel: true,
  workers: 2,
  retries: 0,
  // `npm test` adds a JSON report (PLAYWRIGHT_JSON_OUTPUT_NAME) to count results per build.
  reporter: process.env.PLAYWRIGHT_JSON_OUTPUT_NAME ? [['list'], ['json']] : 'list',
  timeout: 60_000,
  use: {
    launchOptions: { executablePath: findChromium(), args: CHROMIUM_ARGS },
    trace: 'off',
  },
  projects: targets.map((t) => ({
    name: t.name,
    ...CHECKS[t.checks],
    use: { baseURL: address(t), site: { dir: t.dir, base: t.base } },
  })),
  webServer: targets
    .filter((t) => t.url === undefined)
    .map((t) => ({
      command: `node test/support/serve.mjs --dir ${t.dir} --port ${t.port} --base ${t.base}`,
      url: address(t),
      reuseExistingServer: false,
      stdout: 'ignore' as const,
    })),
});
