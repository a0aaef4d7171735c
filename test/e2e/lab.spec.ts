// The lab page in the built site: its downloads are byte-identical to labs/,
// the archives unpack to exactly the lab folders, links respect the base path,
// the checklist carries stable ids, and the shown source is the real file.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { expect, test, type APIResponse } from '@playwright/test';
import { unzipSync } from 'fflate';
import { BASE } from './support/site.ts';

const REPO = join(import.meta.dirname, '../..');

function labFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      if (name === 'node_modules') continue;
      const full = join(d, name);
      if (statSync(full).isDirectory()) walk(full);
      else out.push(relative(dir, full).split('\\').join('/'));
    }
  };
  walk(join(REPO, dir));
  return out.sort();
}

/** Unix modes of a zip's entries, read from its central directory (fflate does not expose them). */
function zipModes(zip: Uint8Array): Map<string, number> {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  const modes = new Map<string, number>();
  for (let i = 0; i + 46 <= zip.length; i += 1) {
    if (view.getUint32(i, true) !== 0x02014b50) continue;
    const nameLength = view.getUint16(i + 28, true);
    const external = view.getUint32(i + 38, true);
    const name = new TextDecoder().decode(zip.subarray(i + 46, i + 46 + nameLength));
    modes.set(name, (external >>> 16) & 0o777);
    i += 45 + nameLength;
  }
  return modes;
}

async function bytes(response: APIResponse): Promise<Buffer> {
  expect(response.status(), response.url()).toBe(200);
  return Buffer.from(await response.body());
}

test.describe('lab page', () => {
  test.beforeEach(async ({ page }) => {
    await page.goto('lab/');
  });

  test('offers each lab file for download, byte-identical to labs/', async ({ page }) => {
    const links = page.locator('.lab-downloads__files a[download]');
    const hrefs = await links.evaluateAll((as) => as.map((a) => a.getAttribute('href')!));
    expect(hrefs.length).toBeGreaterThanOrEqual(10);
    for (const href of hrefs) {
      expect(href.startsWith(`${BASE}downloads/labs/`), `${href} is under the base path`).toBe(true);
      const repoPath = href.slice(`${BASE}downloads/`.length);
      const served = await bytes(await page.request.get(href));
      expect(served.equals(readFileSync(join(REPO, repoPath))), `${href} equals ${repoPath}`).toBe(true);
    }
    for (const needed of [
      'up.sh',
      'verify.sh',
      'down.sh',
      'kind-config.yaml',
      '10-jaeger.yaml',
      '20-otel-collector.yaml',
      '30-hotrod.yaml',
    ]) {
      expect(
        hrefs.some((h) => h.endsWith(`/${needed}`)),
        needed,
      ).toBe(true);
    }
  });

  for (const [archive, folder, top] of [
    ['tracing-lab.zip', 'labs/tracing', 'tracing'],
    ['worked-example.zip', 'labs/worked-example', 'worked-example'],
  ] as const) {
    test(`${archive} holds exactly ${folder} (no node_modules), byte for byte`, async ({ page }) => {
      const link = page.locator(`.lab-downloads__archives a[download="${archive}"]`);
      const href = (await link.getAttribute('href'))!;
      expect(href).toBe(`${BASE}downloads/${archive}`);
      const zip = await bytes(await page.request.get(href));
      const entries = unzipSync(new Uint8Array(zip));
      const expected = labFiles(folder);
      expect(Object.keys(entries).sort()).toEqual(expected.map((f) => `${top}/${f}`));
      for (const file of expected) {
        const inZip = Buffer.from(entries[`${top}/${file}`]!);
        expect(inZip.equals(readFileSync(join(REPO, folder, file))), `${archive}: ${top}/${file}`).toBe(true);
      }
      const modes = zipModes(new Uint8Array(zip));
      for (const file of expected) {
        expect(modes.get(`${top}/${file}`), `${top}/${file} mode`).toBe(file.endsWith('.sh') ? 0o755 : 0o644);
      }
    });
  }

  test('renders each step and its checklist with stable ids', async ({ page }) => {
    await expect(page.locator('.sl-steps > li')).toHaveCount(10);
    const ids = await page.locator('[data-lab-check]').evaluateAll((items) => items.map((li) => li.getAttribute('data-lab-check')));
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(
      expect.arrayContaining(['cluster-exists', 'node-ready', 'hotrod-traces-in-jaeger', 'checkout-slow-kept', 'customer-id-hidden']),
    );
    // Each checkbox has its label, so the item text is the accessible name.
    const box = page.locator('[data-lab-check="node-ready"] input[type="checkbox"]');
    await expect(box).toHaveAccessibleName(/kubectl get nodes shows the node Ready/);
    await box.check();
    await expect(box).toBeChecked();
  });

  test('shows the collector manifest as it is in labs/, with a copy button', async ({ page }) => {
    const details = page.locator('main details').filter({ has: page.locator('summary', { hasText: '20-otel-collector.yaml' }) });
    await details.locator('summary').click();
    const block = details.locator('.expressive-code');
    await expect(block).toBeVisible();
    const copy = block.locator('button[data-code]');
    const code = (await copy.getAttribute('data-code'))!.replaceAll('\u007f', '\n');
    const file = readFileSync(join(REPO, 'labs/tracing/manifests/20-otel-collector.yaml'), 'utf8');
    expect(code).toBe(file.replace(/\n$/, ''));
  });

  test('gives every command a copy button', async ({ page }) => {
    const bashBlocks = page.locator('main pre[data-language="bash"]');
    const count = await bashBlocks.count();
    expect(count).toBeGreaterThan(15);
    await expect(page.locator('main .expressive-code:has(pre[data-language="bash"]) button[data-code]')).toHaveCount(count);
  });
});
