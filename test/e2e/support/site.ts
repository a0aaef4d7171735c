import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test as playwrightTest, type Page, type Request } from '@playwright/test';

/** The build a plain `npx playwright test` serves (see playwright.config.ts). */
export const SITE_DIR = process.env.SITE_DIR ?? 'dist';
export const BASE = process.env.COURSE_BASE ?? '/';

/** The build a project's tests run against: its folder and the base path it was built for. */
export interface Site {
  dir: string;
  base: string;
}

/**
 * One run can test several builds (`npm test` runs the root build, the sub-path build and both
 * under nginx as Playwright projects), so specs that run on more than one build read the build
 * from this fixture, set per project in playwright.config.ts, not from the environment.
 */
export const test = playwrightTest.extend<object, { site: Site }>({
  site: [
    { dir: SITE_DIR, base: BASE },
    { scope: 'worker', option: true },
  ],
});
export { expect } from '@playwright/test';

/**
 * Every HTML page of a build, as paths relative to the base ("" for the home page, "overview/" …).
 * Every build of the same content has the same pages, whatever its base path.
 */
export function builtPages(siteDir: string = SITE_DIR): string[] {
  const pages: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const full = join(dir, name);
      if (statSync(full).isDirectory()) {
        if (name !== '_astro' && name !== 'pagefind' && name !== 'downloads') walk(full);
      } else if (name === 'index.html') {
        const rel = relative(siteDir, dir).split('\\').join('/');
        pages.push(rel ? `${rel}/` : '');
      }
    }
  };
  walk(siteDir);
  return pages.sort();
}

/** Files of a build below `dir` whose names match `pattern`, as paths relative to the site root. */
export function builtFiles(siteDir: string, pattern: RegExp, dir = siteDir): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) return builtFiles(siteDir, pattern, full);
    return pattern.test(entry.name) ? [relative(siteDir, full).split('\\').join('/')] : [];
  });
}

/** Records every request a page makes that leaves the site's own origin. */
export function watchForeignRequests(page: Page): Request[] {
  const foreign: Request[] = [];
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (url.protocol === 'data:' || url.protocol === 'blob:') return;
    if (url.hostname !== '127.0.0.1' && url.hostname !== 'localhost') foreign.push(request);
  });
  return foreign;
}

/** Console errors and Content-Security-Policy violations a page reports. Call before goto. */
export async function watchConsoleErrors(page: Page): Promise<string[]> {
  const errors: string[] = [];
  // Some violations (a blocked eval probe, say) reach no console; the DOM event always fires.
  await page.addInitScript(() =>
    document.addEventListener('securitypolicyviolation', (event) =>
      console.error(`CSP violation: ${event.violatedDirective} blocked ${event.blockedURI || 'inline code'}`),
    ),
  );
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(`uncaught: ${error.message}`));
  return errors;
}

/** The file of the build a same-origin URL path names (a folder's index.html), or null when the build has none. */
export function fileFor(site: Site, pathname: string): string | null {
  if (!pathname.startsWith(site.base)) return null;
  const file = join(site.dir, decodeURIComponent(pathname.slice(site.base.length)));
  try {
    return statSync(file).isDirectory() ? (statSync(join(file, 'index.html')).isFile() ? join(file, 'index.html') : null) : file;
  } catch {
    return null;
  }
}
