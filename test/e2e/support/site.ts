import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Page, Request } from '@playwright/test';

export const SITE_DIR = process.env.SITE_DIR ?? 'dist';
export const BASE = process.env.COURSE_BASE ?? '/';

/** Every HTML page of the build, as paths relative to the base ("" for the home page, "overview/" …). */
export function builtPages(): string[] {
  const pages: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const full = join(dir, name);
      if (statSync(full).isDirectory()) {
        if (name !== '_astro' && name !== 'pagefind' && name !== 'downloads') walk(full);
      } else if (name === 'index.html') {
        const rel = relative(SITE_DIR, dir).split('\\').join('/');
        pages.push(rel ? `${rel}/` : '');
      }
    }
  };
  walk(SITE_DIR);
  return pages.sort();
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
