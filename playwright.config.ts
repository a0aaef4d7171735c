import { defineConfig } from '@playwright/test';
import { findChromium, CHROMIUM_ARGS } from './test/e2e/support/chromium.ts';

// Browser tests run against the built site (dist/ by default) served on loopback.
// SITE_DIR, PORT and COURSE_BASE let a run point at another build, e.g. one under a sub-path.
const port = Number(process.env.PORT ?? 4610);
const base = process.env.COURSE_BASE ?? '/';
const siteDir = process.env.SITE_DIR ?? 'dist';
const external = process.env.E2E_BASE_URL; // a server started elsewhere, e.g. nginx

export default defineConfig({
  testDir: 'test/e2e',
  testMatch: '**/*.spec.ts',
  // The recipe's own checks (headers, caching) only mean something against nginx.
  testIgnore: process.env.E2E_SERVER === 'nginx' ? [] : ['**/nginx.spec.ts'],
  fullyParallel: true,
  workers: 2,
  retries: 0,
  // `npm test` adds a JSON report (PLAYWRIGHT_JSON_OUTPUT_NAME) to count results across runners.
  reporter: process.env.PLAYWRIGHT_JSON_OUTPUT_NAME ? [['list'], ['json']] : 'list',
  timeout: 60_000,
  use: {
    baseURL: external ?? `http://127.0.0.1:${port}${base}`,
    launchOptions: { executablePath: findChromium(), args: CHROMIUM_ARGS },
    trace: 'off',
  },
  ...(external
    ? {}
    : {
        webServer: {
          command: `node test/support/serve.mjs --dir ${siteDir} --port ${port} --base ${base}`,
          url: `http://127.0.0.1:${port}${base}`,
          reuseExistingServer: false,
          stdout: 'ignore' as const,
        },
      }),
});
