import { readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { withPolicyMeta } from '../hosting/csp.ts';

async function* htmlFiles(dir: string): AsyncGenerator<string> {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) yield* htmlFiles(full);
    else if (entry.name.endsWith('.html')) yield full;
  }
}

/** After the build, gives every page a CSP <meta> that allows exactly its own inline code. */
export function contentSecurityPolicy(): AstroIntegration {
  return {
    name: 'course:content-security-policy',
    hooks: {
      'astro:build:done': async ({ dir, logger }) => {
        let pages = 0;
        for await (const file of htmlFiles(fileURLToPath(dir))) {
          await writeFile(file, withPolicyMeta(await readFile(file, 'utf8')));
          pages += 1;
        }
        logger.info(`Content-Security-Policy added to ${pages} pages`);
      },
    },
  };
}
