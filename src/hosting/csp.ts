import { createHash } from 'node:crypto';

// A Content-Security-Policy that lists the exact inline scripts and <style> blocks a
// page carries, so no 'unsafe-inline' is needed for scripts. It travels in a <meta>
// tag, so the policy holds on any static host; servers add frame-ancestors as a header
// (a <meta> policy cannot carry it).

const INLINE_SCRIPT = /<script(?![^>]*\bsrc=)([^>]*)>([\s\S]*?)<\/script>/g;
const STYLE_BLOCK = /<style([^>]*)>([\s\S]*?)<\/style>/g;

const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

/** Hashes of the inline scripts (those a browser executes) and <style> blocks of one HTML page. */
export function inlineHashes(html: string): { scripts: string[]; styles: string[] } {
  const scripts = new Set<string>();
  const styles = new Set<string>();
  for (const [, attrs, body] of html.matchAll(INLINE_SCRIPT)) {
    // Data blocks (JSON, JSON-LD) are never executed, so the policy does not need them.
    if (/\btype=["']?(application\/(ld\+)?json)/i.test(attrs ?? '')) continue;
    scripts.add(sha256(body ?? ''));
  }
  for (const [, , body] of html.matchAll(STYLE_BLOCK)) styles.add(sha256(body ?? ''));
  return { scripts: [...scripts].sort(), styles: [...styles].sort() };
}

/** The policy for one page. `connect` lists extra origins fetch() may reach (the learner's local collector). */
export function policyFor(html: string, connect: readonly string[] = LOCAL_COLLECTORS): string {
  const { scripts, styles } = inlineHashes(html);
  return [
    "default-src 'self'",
    // Pagefind's search index is WebAssembly.
    `script-src 'self' 'wasm-unsafe-eval' ${scripts.join(' ')}`.trim(),
    `style-src 'self' ${styles.join(' ')}`.trim(),
    // Preact and Starlight set element styles (bar widths, the search dialog); they cannot run code.
    "style-src-attr 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src 'self' ${connect.join(' ')}`.trim(),
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
  ].join('; ');
}

// "Send to my collector" posts OTLP JSON to the learner's own lab on their machine.
export const LOCAL_COLLECTORS = ['http://localhost:*', 'http://127.0.0.1:*'] as const;

/**
 * Puts the policy <meta> right after <meta charset> (browsers want the charset
 * within the first 1024 bytes, and the policy is long), and in any case before
 * any script or style it governs.
 */
export function withPolicyMeta(html: string): string {
  if (html.includes('http-equiv="content-security-policy"')) return html;
  const meta = `<meta http-equiv="content-security-policy" content="${policyFor(html)}">`;
  const charset = /<meta charset=[^>]*>/i.exec(html);
  const firstGoverned = html.search(/<(script|style|link)\b/i);
  if (charset && (firstGoverned < 0 || charset.index < firstGoverned)) {
    const end = charset.index + charset[0].length;
    return `${html.slice(0, end)}${meta}${html.slice(end)}`;
  }
  return html.replace(/<head([^>]*)>/i, (head) => `${head}${meta}`);
}
