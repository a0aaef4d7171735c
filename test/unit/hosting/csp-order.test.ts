// The CSP <meta> is long; placed before <meta charset> it pushed the charset
// past the first 1024 bytes, which browsers and Lighthouse flag.
import { describe, expect, it } from 'vitest';
import { withPolicyMeta } from '../../../src/hosting/csp';

const page =
  '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"/><meta name="viewport" content="width=device-width"><script>var a=1</script><link rel="stylesheet" href="/a.css"></head><body></body></html>';

describe('the CSP meta', () => {
  it('comes right after <meta charset>, which stays within the first 1024 bytes', () => {
    const out = withPolicyMeta(page);
    expect(out.indexOf('<meta charset="utf-8"/>')).toBeLessThan(100);
    expect(out.indexOf('<meta charset="utf-8"/><meta http-equiv="content-security-policy"')).toBeGreaterThan(0);
  });

  it('still comes before every script, style and stylesheet it governs', () => {
    const out = withPolicyMeta(page);
    const policy = out.indexOf('content-security-policy');
    expect(policy).toBeLessThan(out.indexOf('<script'));
    expect(policy).toBeLessThan(out.indexOf('<link'));
  });

  it('goes first in <head> when a script comes before the charset', () => {
    const out = withPolicyMeta('<html><head><script>1</script><meta charset="utf-8"></head></html>');
    expect(out.startsWith('<html><head><meta http-equiv="content-security-policy"')).toBe(true);
  });
});
