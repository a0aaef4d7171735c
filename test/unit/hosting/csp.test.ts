import { createHash } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { inlineHashes, policyFor, withPolicyMeta, LOCAL_COLLECTORS } from '../../../src/hosting/csp.ts';

const hash = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

const page = `<!doctype html><html lang="en"><head><meta charset="utf-8">
<script>document.documentElement.dataset.theme = 'dark';</script>
<script type="module" src="/_astro/page.js"></script>
<script type="application/ld+json">{"@type":"Course"}</script>
<script type="module">import('/_astro/island.js');</script>
<style>astro-island{display:contents}</style>
</head><body><script>document.documentElement.dataset.theme = 'dark';</script></body></html>`;

describe('inlineHashes', () => {
  test('hashes exactly the inline code a browser runs, once each', () => {
    expect(inlineHashes(page)).toEqual({
      scripts: [hash("document.documentElement.dataset.theme = 'dark';"), hash("import('/_astro/island.js');")].sort(),
      styles: [hash('astro-island{display:contents}')],
    });
  });

  test('leaves out external scripts and JSON data blocks, which need no hash', () => {
    const { scripts } = inlineHashes(page);
    expect(scripts).not.toContain(hash('{"@type":"Course"}'));
    expect(scripts).not.toContain(hash(''));
  });
});

describe('policyFor', () => {
  const policy = policyFor(page);
  const directive = (name: string) => policy.split('; ').find((d) => d.startsWith(`${name} `));

  test('allows the page’s own scripts by hash and never all inline scripts', () => {
    expect(directive('script-src')).toContain(hash("import('/_astro/island.js');"));
    expect(directive('script-src')).not.toContain("'unsafe-inline'");
    expect(directive('script-src')).not.toContain("'unsafe-eval'");
  });

  test('lets search run its WebAssembly and the sandbox reach only the learner’s own machine', () => {
    expect(directive('script-src')).toContain("'wasm-unsafe-eval'");
    expect(directive('connect-src')).toBe(`connect-src 'self' ${LOCAL_COLLECTORS.join(' ')}`);
  });

  test('blocks plugins and foreign base URLs and form targets', () => {
    expect(directive('object-src')).toBe("object-src 'none'");
    expect(directive('base-uri')).toBe("base-uri 'self'");
    expect(directive('form-action')).toBe("form-action 'self'");
  });
});

describe('withPolicyMeta', () => {
  test('puts the policy in <head> after the charset and before any script it governs', () => {
    const out = withPolicyMeta(page);
    const meta = out.indexOf('http-equiv="content-security-policy"');
    expect(meta).toBeGreaterThan(out.indexOf('<head>'));
    expect(meta).toBeLessThan(out.indexOf('<script'));
    expect(meta).toBeGreaterThan(out.indexOf('<meta charset'));
  });

  test('is applied once, however often the build step runs', () => {
    const once = withPolicyMeta(page);
    expect(withPolicyMeta(once)).toBe(once);
  });
});
