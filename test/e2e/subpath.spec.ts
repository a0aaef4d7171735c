// The learner's journey on a site hosted under a path (`npm test` builds one with
// COURSE_BASE=/tracing-course/): start, move between lessons, search, download the lab,
// use the islands. Every URL the browser touches must stay under the base path.
// Runs at the root as well, where the same journey must hold.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test, expect, type Page } from '@playwright/test';
import { builtPages, watchConsoleErrors, SITE_DIR, BASE } from './support/site.ts';
import { ALL_SLUGS } from '../../src/course/sidebar.ts';

const pages = builtPages();
const lessons = ALL_SLUGS.filter((slug) => pages.includes(`${slug}/`));
const html = (path: string) => readFileSync(join(SITE_DIR, path, 'index.html'), 'utf8');

/** Same-origin requests that leave the base path, and responses that failed. */
function watchOutsideBase(page: Page): string[] {
  const problems: string[] = [];
  page.on('response', (response) => {
    const url = new URL(response.url());
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return;
    if (!url.pathname.startsWith(BASE)) problems.push(`outside ${BASE}: ${url.pathname}`);
    else if (response.status() >= 400) problems.push(`${response.status()}: ${url.pathname}`);
  });
  return problems;
}

const pathOf = (page: Page) => new URL(page.url()).pathname;

test.describe(`under ${BASE}`, () => {
  test('no built page points at a root path outside the base', () => {
    const attribute = /\s(?:href|src|action|component-url|renderer-url|before-hydration-url)="(\/[^"]*)"/g;
    const outside: string[] = [];
    for (const path of [...pages, '404.html']) {
      const file = path.endsWith('.html') ? join(SITE_DIR, path) : join(SITE_DIR, path, 'index.html');
      for (const [, url] of readFileSync(file, 'utf8').matchAll(attribute)) {
        if (!url!.startsWith(BASE) && !url!.startsWith('//')) outside.push(`/${path}: ${url}`);
      }
    }
    expect(outside).toEqual([]);
  });

  test('a learner starts the course and moves between lessons with next and previous', async ({ page }) => {
    expect(lessons.length, 'at least two lessons are built').toBeGreaterThanOrEqual(2);
    const [first, second] = lessons as [string, string];
    const errors = await watchConsoleErrors(page);
    const outside = watchOutsideBase(page);

    await page.goto('');
    expect(pathOf(page)).toBe(BASE);
    await page.getByRole('link', { name: /start the course/i }).click();
    await expect(page).toHaveURL((url) => url.pathname === `${BASE}${first}/`);
    await expect(page.locator('main h1')).toBeVisible();

    await page.locator('a[rel="next"]').click();
    await expect(page).toHaveURL((url) => url.pathname === `${BASE}${second}/`);
    await expect(page.locator('main h1')).toBeVisible();

    await page.locator('a[rel="prev"]').click();
    await expect(page).toHaveURL((url) => url.pathname === `${BASE}${first}/`);

    // The sidebar takes the learner home again.
    await page.locator('nav[aria-label="Main"]').getByRole('link', { name: 'Course home' }).click();
    await expect(page).toHaveURL((url) => url.pathname === BASE);

    expect(outside).toEqual([]);
    expect(errors).toEqual([]);
  });

  test('search finds "traceparent" and opens the page it is on', async ({ page }) => {
    const errors = await watchConsoleErrors(page);
    const outside = watchOutsideBase(page);
    await page.goto(lessons[0] ? `${lessons[0]}/` : '');

    await page.getByRole('button', { name: 'Search' }).click();
    const dialog = page.getByRole('dialog', { name: 'Search' });
    await expect(dialog).toBeVisible();
    await dialog.getByRole('textbox', { name: 'Search' }).fill('traceparent');
    const result = dialog.locator('.pagefind-ui__result-link').first();
    await expect(result).toBeVisible();
    const target = new URL((await result.getAttribute('href'))!, page.url());
    expect(target.pathname.startsWith(BASE), `result ${target.pathname} is under ${BASE}`).toBe(true);

    await result.click();
    await expect(page).toHaveURL((url) => url.pathname === target.pathname);
    await expect(page.locator('main h1')).toBeVisible();
    await expect(page.locator('main')).toContainText(/traceparent/i);

    expect(outside).toEqual([]);
    expect(errors).toEqual([]);
  });

  test('the lab page’s downloads resolve under the base path', async ({ page }) => {
    test.skip(!existsSync('content/docs/lab.mdx'), 'the lab page is not written yet');
    await page.goto('lab/');
    const hrefs = await page.locator('main a[href]').evaluateAll((links) =>
      links
        .map((a) => a as HTMLAnchorElement)
        .filter((a) => a.hasAttribute('download') || /\.(ya?ml|sh|zip|tar\.gz|tgz|json|md|txt)$/.test(new URL(a.href).pathname))
        .map((a) => a.href),
    );
    expect(hrefs.length, 'the lab page offers files to download').toBeGreaterThan(0);
    for (const href of new Set(hrefs)) {
      const url = new URL(href);
      expect(url.pathname.startsWith(BASE), `${url.pathname} is under ${BASE}`).toBe(true);
      const response = await page.request.get(href);
      expect(response.status(), url.pathname).toBe(200);
      expect((await response.body()).length, `${url.pathname} is not empty`).toBeGreaterThan(0);
    }
  });

  const withIslands = pages.filter((path) => html(path).includes('<astro-island'));
  for (const path of withIslands) {
    test(`the islands on /${path} load from under the base path and hydrate`, async ({ page }) => {
      const errors = await watchConsoleErrors(page);
      const outside = watchOutsideBase(page);
      await page.goto(path);
      const islands = page.locator('astro-island');
      const count = await islands.count();
      let onScreen = 0;
      for (let i = 0; i < count; i += 1) {
        const island = islands.nth(i);
        for (const attribute of ['component-url', 'renderer-url']) {
          const url = await island.getAttribute(attribute);
          if (url) expect(url.startsWith(BASE), `${attribute} ${url} is under ${BASE}`).toBe(true);
        }
        // client:visible islands hydrate when they scroll into view; one hidden in a
        // closed part of the page (a collapsed block, an inactive tab) may wait.
        const shown = await island.evaluate((el) => {
          const target = [...el.children].find((child) => child.getClientRects().length > 0);
          target?.scrollIntoView({ block: 'center' });
          return Boolean(target);
        });
        if (!shown) continue;
        onScreen += 1;
        await expect(island, `island ${i + 1} of ${count} hydrates`).not.toHaveAttribute('ssr');
      }
      expect(onScreen, 'at least one island is on the page to hydrate').toBeGreaterThan(0);
      expect(outside).toEqual([]);
      expect(errors).toEqual([]);
    });
  }
});
