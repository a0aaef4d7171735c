import { readFileSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import { expect, type Page, test } from '@playwright/test';
import { watchConsoleErrors } from './support/site.ts';

// The checkout sandbox on the playground page, as a learner uses it.

async function openSandbox(page: Page) {
  await page.goto('playground/');
  const sandbox = page.getByRole('region', { name: 'Checkout sandbox with every scenario' });
  await sandbox.scrollIntoViewIfNeeded();
  // Buttons are enabled once the island has hydrated.
  await expect(sandbox.getByRole('button', { name: 'Run normal cart' })).toBeEnabled();
  return sandbox;
}

async function runCart(page: Page, name: 'normal cart' | 'slow cart' | 'failing cart') {
  const sandbox = page.getByRole('region', { name: 'Checkout sandbox with every scenario' });
  await sandbox.getByRole('button', { name: `Run ${name}` }).click();
  await expect(sandbox.getByRole('status').first()).toContainText(`The ${name} finished`, { timeout: 10_000 });
  return sandbox;
}

test('normal cart: one trace of 16 spans, no errors, and the traceparent that carried a span in', async ({ page }) => {
  const errors = await watchConsoleErrors(page);
  await openSandbox(page);
  const sandbox = await runCart(page, 'normal cart');
  await expect(sandbox.getByRole('status').first()).toContainText('HTTP 200');
  await expect(sandbox.getByRole('status').first()).toContainText('16 spans in one trace');
  const grid = sandbox.getByRole('treegrid');
  // Header row, one trace row, sixteen span rows.
  await expect(grid.getByRole('row')).toHaveCount(18);
  await expect(grid.getByRole('row', { name: /^Trace \d/ })).toHaveCount(1);
  await expect(grid.getByText('⚠ error', { exact: true })).toHaveCount(0);

  await grid.getByRole('row', { name: /payment-api POST \/payments/ }).click();
  const details = sandbox.getByRole('region', { name: /Span details: POST \/payments \(payment-api\)/ });
  await expect(details).toBeVisible();
  await expect(details.getByText('SERVER', { exact: true })).toBeVisible();
  const traceId = (await details.locator('dt:text-is("Trace id") + dd').innerText()).trim();
  const parentId = (await details.locator('dt:text-is("Parent span id") + dd').innerText()).trim();
  await expect(details.locator('dt:text-is("Came in with") + dd .sbx-copy-text')).toHaveText(
    `traceparent: 00-${traceId}-${parentId}-01 (from checkout-api)`,
  );
  // The header value is an element of its own: selecting it selects only the value.
  await expect(details.locator('dt:text-is("Came in with") + dd code')).toHaveText(`00-${traceId}-${parentId}-01`);
  expect(errors).toEqual([]);
});

test('the status line reports the root span as the response time and the order-worker as background work', async ({ page }) => {
  const sandbox = await openSandbox(page);
  await runCart(page, 'normal cart');
  const status = (await sandbox.getByRole('status').first().innerText()).trim();
  const response =
    /HTTP 200 to the customer after ([\d.]+ ms); order-worker “process order\.created” ended [\d.]+ ms after the response/.exec(status);
  expect(response, status).not.toBeNull();
  // The same number as the critical path end to end and the root span's bar.
  await expect(sandbox.getByRole('listitem').filter({ hasText: 'Critical path' })).toContainText(`${response![1]} end to end`);
  const root = sandbox.getByRole('treegrid').getByRole('row', { name: /^api-gateway GET \/checkout\/\{cart_id\}\s*, server span/ });
  await expect(root.locator('.sbx-duration')).toHaveText(response![1]!);
  await expect(sandbox.getByRole('listitem').filter({ hasText: 'After the response' })).toContainText(
    'order-worker “process order.created”',
  );
});

test('slow cart: the learner waits about half a second and the bank call dominates the critical path', async ({ page }) => {
  const sandbox = await openSandbox(page);
  const started = Date.now();
  await runCart(page, 'slow cart');
  expect(Date.now() - started).toBeGreaterThanOrEqual(450);
  await expect(sandbox.getByRole('listitem').filter({ hasText: 'Critical path' })).toContainText(
    'in payment-api “POST /v1/authorizations”',
  );
  const bank = sandbox.getByRole('row', { name: /payment-api POST \/v1\/authorizations/ });
  await expect(bank).toContainText(/\d{3}(\.\d)? ms/);
  await expect(bank).toContainText('on the critical path');
});

test('failing cart: the payment span is marked as an error, the exception is in its details, the gateway answers 502', async ({ page }) => {
  const sandbox = await openSandbox(page);
  await runCart(page, 'failing cart');
  await expect(sandbox.getByRole('status').first()).toContainText('HTTP 502');
  const authorize = sandbox.getByRole('row', { name: /payment-api authorize_payment/ });
  await expect(authorize.getByText('⚠ error', { exact: true })).toBeVisible();
  await expect(sandbox.getByRole('row', { name: /auth-service/ }).getByText('⚠ error', { exact: true })).toHaveCount(0);
  await authorize.click();
  const details = sandbox.getByRole('region', { name: /Span details: authorize_payment/ });
  await expect(details.locator('dt:text-is("Status") + dd')).toHaveText(/^ERROR: payment authorization failed/);
  await expect(details.getByRole('table', { name: /^exception,/ })).toContainText('PaymentDeclinedError');

  const root = sandbox.getByRole('row', { name: /api-gateway GET \/checkout/ }).first();
  await root.click();
  const rootDetails = sandbox.getByRole('region', { name: /Span details: GET \/checkout\/\{cart_id\} \(api-gateway\)/ });
  await expect(rootDetails.getByRole('row', { name: /http\.response\.status_code/ })).toContainText('502');
});

test('broken edge: two traces, said in words, and the call left without traceparent', async ({ page }) => {
  const sandbox = await openSandbox(page);
  await sandbox.getByLabel('Context propagation').selectOption('checkout-api->payment-api');
  await runCart(page, 'normal cart');
  await expect(sandbox.getByRole('status').first()).toContainText('in 2 traces');
  await expect(sandbox.getByText(/The spans do not share one trace id/)).toBeVisible();
  await expect(sandbox.getByText(/checkout-api called payment-api without a traceparent header/)).toBeVisible();
  await expect(sandbox.getByRole('treegrid').getByRole('row', { name: /^Trace \d/ })).toHaveCount(2);

  await sandbox.getByText('Headers on each call').click();
  const headers = sandbox.getByRole('row', { name: /checkout-api → payment-api/ });
  await expect(headers).toContainText('No traceparent');
  await expect(headers).not.toContainText('traceparent: 00-');
  await expect(sandbox.getByRole('row', { name: /checkout-api → inventory-api/ })).toContainText(
    /traceparent: 00-[0-9a-f]{32}-[0-9a-f]{16}-01/,
  );

  await sandbox.getByRole('row', { name: /payment-api POST \/payments/ }).click();
  const details = sandbox.getByRole('region', { name: /Span details: POST \/payments \(payment-api\)/ });
  await expect(details.locator('dt:text-is("Parent span id") + dd')).toHaveText('none: a root span');
  await expect(details.locator('dt:text-is("Came in with") + dd')).toContainText('no traceparent');
});

test('the waterfall works from the keyboard', async ({ page }) => {
  const sandbox = await openSandbox(page);
  await runCart(page, 'normal cart');
  const grid = sandbox.getByRole('treegrid');
  await grid.getByRole('row').nth(1).focus();
  await expect(grid.getByRole('row').nth(1)).toBeFocused();
  await page.keyboard.press('ArrowDown'); // the root span
  await page.keyboard.press('Enter');
  await expect(sandbox.getByRole('region', { name: /Span details: GET \/checkout\/\{cart_id\} \(api-gateway\)/ })).toBeVisible();
  await page.keyboard.press('ArrowLeft'); // collapse the root span
  await expect(grid.getByRole('row')).toHaveCount(3);
  await page.keyboard.press('ArrowRight');
  await expect(grid.getByRole('row')).toHaveCount(18);
  await page.keyboard.press('End');
  await expect(grid.getByRole('row').last()).toBeFocused();
  await expect(grid.getByRole('row').last()).toHaveAttribute('aria-level', /\d/);
});

test('keyboard focus stays on the run button through a run and is visible', async ({ page }) => {
  const sandbox = await openSandbox(page);
  // Start sequential navigation at the top of the sandbox, then Tab to its first control.
  await sandbox.click({ position: { x: 4, y: 4 } });
  await page.keyboard.press('Tab');
  await expect(sandbox.getByRole('button', { name: 'Run normal cart' })).toBeFocused();
  await page.keyboard.press('Tab');
  const run = sandbox.getByRole('button', { name: 'Run slow cart' });
  await expect(run).toBeFocused();
  await page.keyboard.press('Enter');
  // While it runs the button says so and ignores presses, but keeps focus.
  await expect(sandbox.getByRole('button', { name: 'Running…' })).toHaveAttribute('aria-disabled', 'true');
  await expect(sandbox.getByRole('status').first()).toContainText('The slow cart finished', { timeout: 10_000 });
  const focus = await page.evaluate(() => {
    const el = document.activeElement;
    return { tag: el?.tagName, text: el?.textContent, visible: el?.matches(':focus-visible') ?? false };
  });
  expect(focus).toEqual({ tag: 'BUTTON', text: 'Run slow cart', visible: true });
  await expect(run).toBeFocused();
  await expect(run).not.toHaveAttribute('aria-disabled', 'true');
});

test('span details from the keyboard: Escape and Close details put focus back on the row that opened them', async ({ page }) => {
  const sandbox = await openSandbox(page);
  await runCart(page, 'normal cart');
  const grid = sandbox.getByRole('treegrid');
  await grid.getByRole('row').nth(1).focus();
  await page.keyboard.press('ArrowDown'); // the root span
  await page.keyboard.press('ArrowDown'); // checkout-api client call
  const row = grid.getByRole('row').nth(3);
  await expect(row).toBeFocused();
  await page.keyboard.press('Enter');
  const details = sandbox.getByRole('region', { name: /Span details:/ });
  await expect(details).toBeVisible();

  // Into the panel, then Escape.
  await page.keyboard.press('Tab');
  await expect(details.getByRole('button', { name: 'Close details' })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(details).toBeHidden();
  await expect(row).toBeFocused();
  expect(await page.evaluate(() => document.activeElement?.matches(':focus-visible'))).toBe(true);

  // Escape from the row itself closes them too, and focus stays.
  await page.keyboard.press('Enter');
  await expect(details).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(details).toBeHidden();
  await expect(row).toBeFocused();

  // The Close details button.
  await page.keyboard.press('Enter');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await expect(details).toBeHidden();
  await expect(row).toBeFocused();
});

test('each row says its span kind: a client call and the server span it reached are told apart', async ({ page }) => {
  const sandbox = await openSandbox(page);
  await runCart(page, 'normal cart');
  const grid = sandbox.getByRole('treegrid');
  await expect(grid.getByRole('row', { name: /^checkout-api POST \/payments\s*, client span/ })).toHaveCount(1);
  await expect(grid.getByRole('row', { name: /^payment-api POST \/payments\s*, server span/ })).toHaveCount(1);
  await expect(grid.getByRole('row', { name: /order-worker process order\.created\s*, consumer span/ })).toHaveCount(1);
  await expect(grid.getByRole('row', { name: /checkout-api send order\.created\s*, producer span/ })).toHaveCount(1);
  await expect(grid.getByRole('row', { name: /payment-api authorize_payment\s*, internal span/ })).toHaveCount(1);
  // The icon is visible; the words are for screen readers; the legend explains the icons.
  const client = grid.getByRole('row', { name: /^checkout-api POST \/payments/ });
  await expect(client.locator('svg.sbx-kind-client')).toBeVisible();
  await expect(sandbox.locator('.sbx-legend-kinds')).toContainText('client: a call out');
});

test('copy the bare traceparent from the span details', async ({ page, context, baseURL }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(baseURL!).origin });
  const sandbox = await openSandbox(page);
  await runCart(page, 'normal cart');
  await sandbox.getByRole('row', { name: /payment-api POST \/payments/ }).click();
  const details = sandbox.getByRole('region', { name: /Span details: POST \/payments \(payment-api\)/ });
  await details.getByRole('button', { name: 'Copy traceparent (came in with)' }).click();
  await expect(details.getByRole('status')).toHaveText('Copied');
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]$/);
  await expect(details.locator('dt:text-is("Came in with") + dd code')).toHaveText(copied);
});

test('without a clipboard, Copy selects the bare value and says how to copy it', async ({ page }) => {
  await page.addInitScript(() => Object.defineProperty(Navigator.prototype, 'clipboard', { get: () => undefined, configurable: true }));
  const sandbox = await openSandbox(page);
  await runCart(page, 'normal cart');
  await sandbox.getByRole('row', { name: /payment-api POST \/payments/ }).click();
  const details = sandbox.getByRole('region', { name: /Span details: POST \/payments \(payment-api\)/ });
  await details.getByRole('button', { name: 'Copy traceparent (came in with)' }).click();
  await expect(details.getByRole('status')).toContainText('The value is selected');
  const selected = await page.evaluate(() => window.getSelection()?.toString());
  expect(selected).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]$/);
});

test('download OTLP JSON and send to a collector that is not running', async ({ page }) => {
  const sandbox = await openSandbox(page);
  await runCart(page, 'failing cart');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    sandbox.getByRole('button', { name: 'Download OTLP JSON' }).click(),
  ]);
  const body = JSON.parse(readFileSync((await download.path())!, 'utf8')) as {
    resourceSpans: { scopeSpans: { spans: { traceId: string; startTimeUnixNano: string }[] }[] }[];
  };
  const spans = body.resourceSpans.flatMap((rs) => rs.scopeSpans.flatMap((ss) => ss.spans));
  expect(spans).toHaveLength(13);
  expect(spans.every((s) => /^[0-9a-f]{32}$/.test(s.traceId) && /^\d+$/.test(s.startTimeUnixNano))).toBe(true);

  await sandbox.getByLabel('Send to my collector (OTLP/HTTP)').fill('http://127.0.0.1:9/v1/traces');
  await sandbox.getByRole('button', { name: 'Send' }).click();
  await expect(sandbox.getByText(/Nothing answered at 127\.0\.0\.1:9/)).toBeVisible({ timeout: 15_000 });

  // A host the site's Content-Security-Policy does not allow: the message says what to do instead.
  await sandbox.getByLabel('Send to my collector (OTLP/HTTP)').fill('http://collector.example:4318/v1/traces');
  await sandbox.getByRole('button', { name: 'Send' }).click();
  await expect(sandbox.getByText(/only lets your browser send spans to localhost or 127\.0\.0\.1/)).toBeVisible({ timeout: 15_000 });
});

test('without JavaScript the page explains the sandbox and says it needs JavaScript', async ({ browser, baseURL }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(`${baseURL}playground/`);
  await expect(page.getByText(/A simulated shop: api-gateway forwards/)).toBeVisible();
  await expect(page.getByText(/needs JavaScript/)).toBeVisible();
  await expect(page.getByRole('button', { name: 'Run normal cart' })).toBeDisabled();
  await context.close();
});

for (const [colorScheme, width] of [
  ['light', 1280],
  ['dark', 375],
] as const) {
  test(`a run with its details and panels open has no serious accessibility violation (${colorScheme}, ${width}px)`, async ({ page }) => {
    await page.setViewportSize({ width, height: 900 });
    await page.addInitScript((theme) => localStorage.setItem('starlight-theme', theme), colorScheme);
    await page.emulateMedia({ colorScheme });
    const sandbox = await openSandbox(page);
    await sandbox.getByLabel('Context propagation').selectOption('checkout-api->order-worker');
    await sandbox.getByLabel(/prices the cart in code that makes no spans/).check();
    await runCart(page, 'failing cart');
    await sandbox.getByRole('row', { name: /payment-api authorize_payment/ }).click();
    for (const panel of ['Headers on each call', 'Console exporter output', 'Service logs']) await sandbox.getByText(panel).click();
    const results = await new AxeBuilder({ page }).include('.sbx').analyze();
    const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(
      serious.map(
        (v) =>
          `${v.id}: ${v.nodes
            .map((n) => n.target.join(' '))
            .slice(0, 3)
            .join(' | ')}`,
      ),
    ).toEqual([]);
  });
}

test('running a cart counts the sandbox page as visited on the progress page', async ({ page }) => {
  const row = page.locator('.progress-panel .progress-list li').filter({ hasText: /^Checkout sandbox:/ });
  await page.goto('progress/');
  await expect(row).toContainText('not yet', { timeout: 15_000 });
  await openSandbox(page);
  await runCart(page, 'normal cart');
  await page.goto('progress/');
  await expect(row).toContainText(/visited .*\(sandbox\)/, { timeout: 15_000 });
});

test('the sandbox introduction reads as words, with spaces around its code names', async ({ page }) => {
  await page.goto('playground/');
  await expect(page.locator('.checkout-sandbox-intro').first()).toContainText('its reserve_inventory and authorize_payment spans');
});

test('the OpenTelemetry SDK and the simulator load with the first run, not with the page', async ({ page }) => {
  const engine: string[] = [];
  page.on('request', (request) => {
    if (/checkout-engine/.test(request.url())) engine.push(request.url());
  });
  const sandbox = await openSandbox(page);
  await page.waitForLoadState('networkidle');
  await expect(sandbox.getByRole('status').first()).toHaveText(/^Choose a cart to run/);
  expect(engine).toEqual([]);
  await runCart(page, 'normal cart');
  expect(engine).toHaveLength(1);
  // A second run reuses what the first one loaded.
  await runCart(page, 'failing cart');
  expect(engine).toHaveLength(1);
});
