// The production recipe (src/hosting/nginx.conf) as served by Debian's real nginx.
// `npm test` starts nginx on the root build and on the sub-path build (test/support/nginx.mjs)
// and runs this file against each as a Playwright project (playwright.config.ts). What does not
// depend on the server (the pages themselves, their paths) is checked once, on the static build.
// By hand: node test/support/nginx.mjs --dir dist --port 4620 &
//          E2E_SERVER=nginx E2E_BASE_URL=http://127.0.0.1:4620/ npx playwright test test/e2e/nginx.spec.ts
import { readFileSync } from 'node:fs';
import type { APIResponse, Page } from '@playwright/test';
import { builtFiles, builtPages, fileFor, test, expect } from './support/site.ts';

const pages = builtPages();

const SECURITY_HEADERS = {
  'content-security-policy': "frame-ancestors 'none'; object-src 'none'; base-uri 'self'; form-action 'self'",
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'same-origin',
  'permissions-policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=(), browsing-topics=()',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'strict-transport-security': 'max-age=31536000',
};

function expectSecurityHeaders(response: APIResponse, what: string) {
  const headers = response.headers();
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) expect(headers[name], `${name} on ${what}`).toBe(value);
  expect(headers['server'], 'no version in the Server header').toBe('nginx');
}

const gzip = { headers: { 'accept-encoding': 'gzip' } };

test.describe('nginx recipe', () => {
  test('pages: security headers, revalidated on every visit, UTF-8 HTML, gzip', async ({ request }) => {
    for (const path of pages) {
      const response = await request.get(path, gzip);
      expect(response.status(), `/${path}`).toBe(200);
      expectSecurityHeaders(response, `/${path}`);
      const headers = response.headers();
      expect(headers['content-type'], `/${path}`).toBe('text/html; charset=utf-8');
      expect(headers['cache-control'], `/${path} is checked with the server each time`).toBe('no-cache');
      expect(headers['content-encoding'], `/${path} is compressed`).toBe('gzip');
      expect(headers['vary']).toContain('Accept-Encoding');
      expect(headers['etag'], `/${path} can be revalidated`).toBeTruthy();
    }
  });

  test('an unchanged page costs a 304 on revalidation', async ({ request }) => {
    const first = await request.get('');
    const again = await request.get('', { headers: { 'if-none-match': first.headers()['etag']! } });
    expect(again.status()).toBe(304);
    expectSecurityHeaders(again, 'a 304');
  });

  test('hashed assets in _astro/ are cached for a year as immutable, compressed, with the right types', async ({ request, site }) => {
    const assets = builtFiles(site.dir, /\.(js|css)$/).filter((file) => file.startsWith('_astro/'));
    expect(assets.length).toBeGreaterThan(0);
    for (const asset of assets) {
      const response = await request.get(asset, gzip);
      expect(response.status(), asset).toBe(200);
      expectSecurityHeaders(response, asset);
      const headers = response.headers();
      expect(headers['cache-control'], asset).toBe('public, max-age=31536000, immutable');
      expect(headers['content-type'], asset).toBe(
        asset.endsWith('.css') ? 'text/css; charset=utf-8' : 'application/javascript; charset=utf-8',
      );
      // nginx leaves out tiny files (gzip_min_length); everything else is compressed.
      if ((await response.body()).length > 1024) expect(headers['content-encoding'], asset).toBe('gzip');
    }
  });

  test('files without a hash in their name are revalidated, not kept', async ({ request, site }) => {
    for (const file of ['favicon.svg', ...builtFiles(site.dir, /^pagefind.*\.js$/).slice(0, 2)]) {
      const response = await request.get(file);
      expect(response.status(), file).toBe(200);
      expect(response.headers()['cache-control'], file).toBe('no-cache');
    }
  });

  test('the search index is sent as it is: already compressed, not compressed twice', async ({ request, site }) => {
    const [meta] = builtFiles(site.dir, /\.pf_meta$/);
    expect(meta, 'Pagefind built its index').toBeTruthy();
    const response = await request.get(meta!, gzip);
    expect(response.status()).toBe(200);
    expect(response.headers()['content-type']).toBe('application/octet-stream');
    expect(response.headers()['content-encoding']).toBeUndefined();
  });

  test('lab downloads get their own types, so browsers neither guess nor run them', async ({ request, site }) => {
    const downloads = builtFiles(site.dir, /\.(ya?ml|sh)$/);
    test.skip(downloads.length === 0, 'the build has no YAML or shell downloads yet');
    for (const file of downloads) {
      const response = await request.get(file);
      expect(response.status(), file).toBe(200);
      expect(response.headers()['content-type'], file).toBe(
        file.endsWith('.sh') ? 'text/x-shellscript; charset=utf-8' : 'application/yaml; charset=utf-8',
      );
      expect(response.headers()['x-content-type-options']).toBe('nosniff');
    }
  });

  test('a missing page gets the course’s 404 page with status 404 and the same headers', async ({ request, page }) => {
    const response = await request.get('no-such-lesson/');
    expect(response.status()).toBe(404);
    expect(response.headers()['content-type']).toBe('text/html; charset=utf-8');
    expectSecurityHeaders(response, 'the 404 page');
    expect(await response.text()).toContain('http-equiv="content-security-policy"');
    const shown = await page.goto('no-such-lesson/');
    expect(shown?.status()).toBe(404);
    await expect(page.locator('main h1')).toBeVisible();
  });

  test('a folder without its slash redirects to it, relative to the host the learner used', async ({ request, site }) => {
    const lesson = pages.find((path) => path !== '');
    test.skip(!lesson, 'only the home page is built');
    const response = await request.get(lesson!.replace(/\/$/, ''), { maxRedirects: 0 });
    expect(response.status()).toBe(301);
    expect(response.headers()['location']).toBe(`${site.base}${lesson}`);
  });

  test('the course address typed without its final slash redirects to the course', async ({ request, baseURL, site }) => {
    test.skip(site.base === '/', 'only a course under a path has an address without its final slash');
    const response = await request.get(baseURL!.replace(/\/$/, ''), { maxRedirects: 0 });
    expect(response.status()).toBe(301);
    expect(new URL(response.headers()['location']!, baseURL).pathname).toBe(site.base);
  });

  test('every address the pages link to or load is served', async ({ request, site, baseURL }) => {
    // The same addresses subpath.spec.ts finds in the build's files, here asked of nginx.
    const origin = new URL(baseURL!).origin;
    const targets = new Set<string>();
    for (const path of pages) {
      const html = readFileSync(fileFor(site, `${site.base}${path}`)!, 'utf8');
      for (const [, value] of html.matchAll(/\s(?:href|src|component-url|renderer-url)="([^"#][^"]*)"/g)) {
        const url = new URL(value!.replaceAll('&amp;', '&'), `${origin}${site.base}${path}`);
        if (url.origin === origin) targets.add(url.pathname);
      }
    }
    expect(targets.size).toBeGreaterThan(pages.length);
    for (const target of targets) {
      const response = await request.get(`${origin}${target}`, { maxRedirects: 0 });
      expect(response.status(), target).toBe(200);
    }
  });
});

/** CSP violations, seen both as the browser's console report and as the DOM event. */
async function watchCsp(page: Page): Promise<() => Promise<string[]>> {
  const reported: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) reported.push(`console: ${message.text()}`);
  });
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { __cspViolations: string[] }).__cspViolations = seen;
    document.addEventListener('securitypolicyviolation', (event) => {
      seen.push(`${event.effectiveDirective} blocked ${event.blockedURI || 'inline code'} (${event.sourceFile}:${event.lineNumber})`);
    });
  });
  return async () => [...reported, ...(await page.evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations))];
}

test.describe('Content-Security-Policy under nginx', () => {
  for (const path of pages) {
    test(`/${path} runs without a single violation, islands and search included`, async ({ page }) => {
      const violations = await watchCsp(page);
      await page.goto(path, { waitUntil: 'networkidle' });
      // Bring every island into view so client:visible ones hydrate and run.
      await page.evaluate(async () => {
        for (const island of document.querySelectorAll('astro-island')) {
          [...island.children].find((child) => child.getClientRects().length > 0)?.scrollIntoView({ block: 'center' });
          await new Promise((r) => setTimeout(r, 150));
        }
      });
      // Search runs Pagefind's WebAssembly, which the policy must allow.
      await page.getByRole('button', { name: 'Search' }).click();
      await page.getByRole('dialog', { name: 'Search' }).getByRole('textbox', { name: 'Search' }).fill('trace');
      // Loading the index and its WebAssembly can take a while on a busy 2-core machine.
      await expect(page.locator('.pagefind-ui__result-link').first()).toBeVisible({ timeout: 15_000 });
      expect(await violations()).toEqual([]);
    });
  }

  test('the recipe’s header policy is really enforced: the site cannot be framed', async ({ page, baseURL }) => {
    const violations = await watchCsp(page);
    // A page of the same origin that tries to frame the course: frame-ancestors 'none' refuses it.
    await page.route(`${baseURL}__frame-test__`, (route) =>
      route.fulfill({ contentType: 'text/html', body: `<iframe src="${baseURL}"></iframe>` }),
    );
    await page.goto(`${baseURL}__frame-test__`);
    const frame = page.frames().find((f) => f !== page.mainFrame());
    await expect.poll(async () => frame?.evaluate(() => document.querySelector('main') !== null).catch(() => false)).toBe(false);
    expect((await violations()).join('\n')).toMatch(/frame-ancestors/);
  });
});
