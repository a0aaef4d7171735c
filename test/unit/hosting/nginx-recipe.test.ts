import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { NGINX_BIN, RECIPE, prepareNginx } from '../../support/nginx.mjs';
import { policyFor } from '../../../src/hosting/csp.ts';

// The recipe instructors copy to their server. The browser suites exercise it end to end;
// these checks fail fast, and say why, when an edit breaks it.
const recipe = readFileSync(RECIPE, 'utf8');
const directives = recipe
  .split('\n')
  .map((line) => line.replace(/#.*/, '').trim())
  .filter(Boolean)
  .join(' ');

/** `nginx -t` on the harness's main config: the recipe included at the root or in a location. */
function nginxTest(base: string): string {
  const prepared = prepareNginx({ dir: 'public', base, port: 8080 });
  try {
    return execFileSync(NGINX_BIN, ['-t', ...prepared.args], { encoding: 'utf8', stdio: 'pipe' });
  } catch (error) {
    throw new Error(`nginx -t rejected the recipe under base ${base}:\n${(error as { stderr?: string }).stderr ?? error}`, {
      cause: error,
    });
  } finally {
    rmSync(prepared.temp, { recursive: true, force: true });
  }
}

describe.skipIf(!existsSync(NGINX_BIN))('src/hosting/nginx.conf with Debian’s nginx', () => {
  test('is valid at the root of a server (variant A)', () => {
    expect(() => nginxTest('/')).not.toThrow();
  });

  test('is valid inside a location for a sub-path (variant B)', () => {
    expect(() => nginxTest('/tracing-course/')).not.toThrow();
  });
});

describe('src/hosting/nginx.conf', () => {
  test('leaves listen, server_name and root to the server block that includes it', () => {
    expect(directives).not.toMatch(/\b(listen|server_name|root|alias)\s/);
  });

  test('never uses add_header inside a nested block, where nginx would drop the security headers', () => {
    // Every add_header sits at the top level of the file: no `location` and no add_header within `if`.
    expect(directives).not.toMatch(/\blocation\b/);
    for (const block of directives.matchAll(/\bif\s*\([^)]*\)\s*\{([^}]*)\}/g)) expect(block[1]).not.toMatch(/add_header/);
  });

  test('the header policy is never stricter than the policy each page carries', () => {
    const header = /add_header Content-Security-Policy "([^"]+)"/.exec(recipe)?.[1];
    expect(header).toBeDefined();
    const page = new Map(
      policyFor('<html><head></head></html>')
        .split('; ')
        .map((d) => [d.split(' ')[0], d] as const),
    );
    for (const directive of header!.split('; ')) {
      const name = directive.split(' ')[0]!;
      // frame-ancestors cannot be set from a <meta>; everything else must match the page's own value.
      if (name === 'frame-ancestors') expect(directive).toBe("frame-ancestors 'none'");
      else expect(page.get(name), `${name} in the header`).toBe(directive);
    }
  });

  test('sends the security headers on every response, errors included', () => {
    for (const name of [
      'Content-Security-Policy',
      'X-Content-Type-Options',
      'Referrer-Policy',
      'Permissions-Policy',
      'Cross-Origin-Opener-Policy',
    ]) {
      expect(recipe, name).toMatch(new RegExp(`^add_header ${name} "[^"]+" always;$`, 'm'));
    }
  });

  test('sends HSTS by default, without includeSubDomains, and says when to turn it off', () => {
    expect(recipe).toMatch(/^add_header Strict-Transport-Security "max-age=31536000" always;$/m);
    expect(directives).not.toMatch(/includeSubDomains/);
    expect(recipe).toMatch(/Turn it off \(delete the line\)\s+# only if this host name may be served over plain HTTP again/);
  });
});
