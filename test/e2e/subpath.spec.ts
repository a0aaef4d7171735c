// What a base path changes, checked on each build this runs on: the root build (with the
// other specs) and the build under /tracing-course/ that `npm test` makes (COURSE_BASE), where
// it is the only spec. Every address in the pages, the learner's way through the course,
// search, downloads, lazily loaded code and the not-found page must stay under the base
// path and reach a real file. Checks that do not depend on the path (accessibility, content,
// console errors on every page) run once, on the root build, in the other specs.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { builtPages, fileFor, watchConsoleErrors, test, expect, type Site } from './support/site.ts';
import { content } from './support/quiz-driver.ts';
import { plainText } from '../../src/course/markdown-fields.ts';

const pages = builtPages();
/** The course's first two pages in reading order, as the home page and the sidebar lead to them. */
const [FIRST, SECOND] = ['overview/', 'trace-anatomy/'];
/** A prediction on trace-anatomy/ that the sandbox can check. */
const prediction = content.predictionsById.get('anatomy-broken-edge')!.prediction;

/** Same-origin requests that leave the base path, and responses that failed (but `expected`, a page asked for to be missing). */
function watchOutsideBase(page: Page, site: Site, expected?: string): string[] {
  const problems: string[] = [];
  page.on('response', (response) => {
    const url = new URL(response.url());
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return;
    if (!url.pathname.startsWith(site.base)) problems.push(`outside ${site.base}: ${url.pathname}`);
    else if (response.status() >= 400 && url.pathname !== expected) problems.push(`${response.status()}: ${url.pathname}`);
  });
  return problems;
}

const pathOf = (page: Page) => new URL(page.url()).pathname;

test('every address in the built pages is under the base path and names a file of the build', ({ site }) => {
  // At the root every path is "under the base", so the file each address names is what can fail there.
  const attribute = /\s(?:href|src|action|component-url|renderer-url|before-hydration-url)="([^"]*)"/g;
  const origin = 'http://course.test';
  const problems: string[] = [];
  let checked = 0;
  for (const path of [...pages, '404.html']) {
    const html = readFileSync(path.endsWith('.html') ? join(site.dir, path) : join(site.dir, path, 'index.html'), 'utf8');
    for (const [, value] of html.matchAll(attribute)) {
      const raw = value!.replaceAll('&amp;', '&');
      // The 404 page is shown at any missing address, so a relative address on it would point anywhere.
      if (path === '404.html' && !/^(\/|#|[a-z]+:)/i.test(raw)) problems.push(`/${path}: relative address ${raw}`);
      const url = new URL(raw, `${origin}${site.base}${path}`);
      if (url.origin !== origin || raw.startsWith('#')) continue;
      checked += 1;
      if (!url.pathname.startsWith(site.base)) problems.push(`/${path}: ${raw} is outside ${site.base}`);
      else if (!fileFor(site, url.pathname)) problems.push(`/${path}: ${raw} names no file of the build`);
    }
  }
  expect(checked, 'the pages hold addresses of their own').toBeGreaterThan(pages.length * 10);
  expect(problems).toEqual([]);
});

test('a learner starts the course, moves between lessons with next and previous, and gets home from the sidebar', async ({
  page,
  site,
}) => {
  const errors = await watchConsoleErrors(page);
  const outside = watchOutsideBase(page, site);

  await page.goto('');
  expect(pathOf(page)).toBe(site.base);
  await page.getByRole('link', { name: /start the course/i }).click();
  await expect(page).toHaveURL((url) => url.pathname === `${site.base}${FIRST}`);
  await expect(page.locator('main h1')).toBeVisible();

  await page.locator('a[rel="next"]').click();
  await expect(page).toHaveURL((url) => url.pathname === `${site.base}${SECOND}`);
  await expect(page.locator('main h1')).toBeVisible();

  await page.locator('a[rel="prev"]').click();
  await expect(page).toHaveURL((url) => url.pathname === `${site.base}${FIRST}`);

  await page.locator('nav[aria-label="Main"]').getByRole('link', { name: 'Course home' }).click();
  await expect(page).toHaveURL((url) => url.pathname === site.base);

  expect(outside).toEqual([]);
  expect(errors).toEqual([]);
});

test('search finds "traceparent" and opens the page it is on', async ({ page, site }) => {
  const errors = await watchConsoleErrors(page);
  const outside = watchOutsideBase(page, site);
  await page.goto(FIRST);

  await page.getByRole('button', { name: 'Search' }).click();
  const dialog = page.getByRole('dialog', { name: 'Search' });
  await expect(dialog).toBeVisible();
  await dialog.getByRole('textbox', { name: 'Search' }).fill('traceparent');
  const result = dialog.locator('.pagefind-ui__result-link').first();
  await expect(result).toBeVisible();
  const target = new URL((await result.getAttribute('href'))!, page.url());
  expect(target.pathname.startsWith(site.base), `result ${target.pathname} is under ${site.base}`).toBe(true);

  await result.click();
  await expect(page).toHaveURL((url) => url.pathname === target.pathname);
  await expect(page.locator('main h1')).toBeVisible();
  await expect(page.locator('main')).toContainText(/traceparent/i);

  expect(outside).toEqual([]);
  expect(errors).toEqual([]);
});

test('the lab page’s downloads are served from under the base path', async ({ page, site }) => {
  await page.goto('lab/');
  const hrefs = await page.locator('main a[href]').evaluateAll((links) =>
    links
      .map((a) => a as HTMLAnchorElement)
      .filter((a) => a.hasAttribute('download') || /\.(ya?ml|sh|zip|tar\.gz|tgz|json|md|txt)$/.test(new URL(a.href).pathname))
      .map((a) => a.href),
  );
  expect(hrefs.length, 'the lab page offers files to download').toBeGreaterThan(10);
  expect(hrefs.some((href) => href.endsWith('/tracing-lab.zip'))).toBe(true);
  for (const href of new Set(hrefs)) {
    const url = new URL(href);
    expect(url.pathname.startsWith(`${site.base}downloads/`), `${url.pathname} is under ${site.base}downloads/`).toBe(true);
    const response = await page.request.get(href);
    expect(response.status(), url.pathname).toBe(200);
    expect((await response.body()).length, `${url.pathname} is not empty`).toBeGreaterThan(0);
  }
});

test('the links the progress page draws are under the base path and lead to lessons', async ({ page, site }) => {
  // An island draws these from its props, so they are not in the HTML the first check reads.
  const errors = await watchConsoleErrors(page);
  const outside = watchOutsideBase(page, site);
  await page.goto('progress/');
  const panel = page.locator('.progress-panel');
  await panel.scrollIntoViewIfNeeded();
  const lesson = panel.getByRole('link', { name: 'Trace anatomy' }).first();
  await expect(lesson).toBeVisible();
  const paths = await panel.locator('a[href]').evaluateAll((links) => links.map((a) => new URL((a as HTMLAnchorElement).href).pathname));
  expect(paths.length).toBeGreaterThan(5);
  expect(paths.filter((path) => !fileFor(site, path))).toEqual([]);
  await lesson.click();
  await expect(page).toHaveURL((url) => url.pathname === `${site.base}trace-anatomy/`);
  await expect(page.locator('main h1')).toHaveText('Trace anatomy');
  expect(outside).toEqual([]);
  expect(errors).toEqual([]);
});

test('a missing page gets the course’s not-found page, its styles and scripts loaded from under the base path', async ({ page, site }) => {
  const errors = await watchConsoleErrors(page);
  const missing = `${site.base}no-such-lesson/`;
  const outside = watchOutsideBase(page, site, missing);
  const styles: string[] = [];
  page.on('response', (r) => {
    if (r.request().resourceType() === 'stylesheet' && r.ok()) styles.push(r.url());
  });
  const response = await page.goto('no-such-lesson/');
  expect(response?.status()).toBe(404);
  await expect(page.locator('main h1')).toHaveText('404');
  expect(styles.length, 'the page’s stylesheets arrived').toBeGreaterThan(0);
  await page.locator('header .site-title').click();
  await expect(page).toHaveURL((url) => url.pathname === site.base);
  expect(outside).toEqual([]);
  // The document itself is the one expected failure the console reports.
  expect(errors.filter((e) => !/404 \(Not Found\)/.test(e))).toEqual([]);
});

test.describe('under a sub-path', () => {
  test.beforeEach(({ site }) => {
    test.skip(
      site.base === '/',
      'at the root no address can leave the base; site.spec.ts loads every page and fails on any failed request',
    );
  });

  test('checking a prediction in the sandbox loads its code from under the base path', async ({ page, site }) => {
    const errors = await watchConsoleErrors(page);
    const outside = watchOutsideBase(page, site);
    await page.goto('trace-anatomy/');
    const box = page.locator('.prediction').filter({ hasText: plainText(prediction.prompt).slice(0, 40) });
    await box.scrollIntoViewIfNeeded();
    await box.getByRole('radio').first().check();
    await box.getByRole('button', { name: 'Commit my prediction' }).click();
    await box.getByRole('button', { name: 'Reveal the answer' }).click();
    await box.getByRole('button', { name: 'Check it in the sandbox' }).click();
    // A verdict, not the message shown when the sandbox's code could not be loaded.
    await expect(box.locator('.prediction-check-verdict')).toHaveClass(/quiz-fb/, { timeout: 15_000 });
    expect(outside).toEqual([]);
    expect(errors).toEqual([]);
  });

  for (const path of pages) {
    test(`/${path} loads everything from under the base path and its islands hydrate`, async ({ page, site }) => {
      const errors = await watchConsoleErrors(page);
      const outside = watchOutsideBase(page, site);
      await page.goto(path);
      const islands = page.locator('astro-island');
      const count = await islands.count();
      for (let i = 0; i < count; i += 1) {
        const island = islands.nth(i);
        // client:visible islands hydrate when they scroll into view; one hidden in a
        // closed part of the page (a collapsed block, an inactive tab) may wait.
        const shown = await island.evaluate((el) => {
          const target = [...el.children].find((child) => child.getClientRects().length > 0);
          target?.scrollIntoView({ block: 'center' });
          return Boolean(target);
        });
        if (shown) await expect(island, `island ${i + 1} of ${count} hydrates`).not.toHaveAttribute('ssr', { timeout: 45_000 });
      }
      await page.waitForLoadState('networkidle');
      expect(outside).toEqual([]);
      expect(errors).toEqual([]);
    });
  }
});
