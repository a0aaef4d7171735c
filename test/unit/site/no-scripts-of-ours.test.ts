import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';

// Pages without islands must ship no JavaScript of ours. Islands are the one way our code
// reaches the browser, so Astro components and lessons carry no <script> of their own.
function files(dir: string, ext: RegExp): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? files(full, ext) : ext.test(name) ? [full] : [];
  });
}

test('no Astro component or lesson of ours adds a <script> tag', () => {
  const sources = [...files('src/components', /\.astro$/), ...files('content/docs', /\.mdx?$/)];
  const withScripts = sources.filter((file) => /<script[\s>]/i.test(readFileSync(file, 'utf8')));
  expect(withScripts).toEqual([]);
});
