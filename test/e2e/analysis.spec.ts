import AxeBuilder from '@axe-core/playwright';
import { expect, type Locator, type Page, test } from '@playwright/test';
import { watchConsoleErrors, watchForeignRequests } from './support/site.ts';

// The analysis sandboxes in their lessons, as a learner uses them: the TraceQL
// playground (backends), the volume calculator and sampling lab (sampling),
// metrics → traces → logs (correlation) and the redaction lab (production).
// ANALYSIS_PAGE points every test at one page that holds all five instead.

const override = process.env.ANALYSIS_PAGE;
const pageOf = (lesson: 'backends' | 'sampling' | 'correlation' | 'production') => override ?? `${lesson}/`;

async function open(page: Page, lesson: Parameters<typeof pageOf>[0], name: string): Promise<Locator> {
  await page.goto(pageOf(lesson));
  const island = page.getByRole('region', { name, exact: true });
  await island.scrollIntoViewIfNeeded();
  // Astro drops `ssr` from the island element once Preact has hydrated it: only then do controls respond.
  await expect(island.locator('xpath=ancestor::astro-island[1]')).not.toHaveAttribute('ssr', { timeout: 20_000 });
  return island;
}

const number = async (locator: Locator) => Number((await locator.innerText()).replace(/[^\d.]/g, ''));

test.describe('TraceQL playground', () => {
  test('a syntax error is shown at its line and column, with a caret under it', async ({ page }) => {
    const errors = await watchConsoleErrors(page);
    const foreign = watchForeignRequests(page);
    const engine: string[] = [];
    page.on('request', (request) => {
      if (/traceql-engine/.test(request.url())) engine.push(request.url());
    });
    const island = await open(page, 'backends', 'TraceQL playground');
    // The parser, the evaluator and the traffic load with the first query, not with the page.
    await expect(island.getByRole('status')).toHaveText('Run the query, or an example, to search 2,000 simulated requests.');
    expect(engine).toEqual([]);
    await island.getByRole('button', { name: 'Run query' }).click();
    await expect(island.getByRole('status')).toContainText(/traces? match out of 2,000/, { timeout: 20_000 });
    expect(engine).toHaveLength(1);
    const box = island.getByRole('textbox', { name: 'TraceQL query' });
    await box.fill('{ status = error } && { duration > }');
    await island.getByRole('button', { name: 'Run query' }).click();
    const status = island.getByRole('status');
    await expect(status).toContainText(/^Syntax error at line 1, column (\d+):/);
    const column = Number(/column (\d+)/.exec(await status.innerText())![1]);
    await expect(box).toHaveAttribute('aria-invalid', 'true');
    const caret = await island.locator('.anl-caret').innerText();
    const [line, marks] = caret.split('\n');
    expect(line).toBe('{ status = error } && { duration > }');
    expect(marks!.indexOf('^')).toBe(column - 1);
    expect(column).toBeGreaterThan(25);
    expect(errors).toEqual([]);
    expect(foreign.map((r) => r.url())).toEqual([]);
  });

  test('a valid query lists traces, and opening one highlights its matched spans in the waterfall', async ({ page }) => {
    const errors = await watchConsoleErrors(page);
    const island = await open(page, 'backends', 'TraceQL playground');
    const example = island.getByRole('button', { name: /^Run example: \{ resource\.service\.name = "payment-api" && duration > 300ms \}/ });
    await example.click();
    await expect(island.getByRole('status')).toContainText(/^\d+ traces match out of 2,000, with \d+ matched spans\.$/, {
      timeout: 20_000,
    });
    const results = island.getByRole('list', { name: 'Matching traces' }).getByRole('button');
    expect(await results.count()).toBeGreaterThan(3);
    const first = results.first();
    const matched = Number(/(\d+) matched spans?/.exec(await first.innerText())![1]);
    await first.click();
    await expect(first).toHaveAttribute('aria-pressed', 'true');
    const grid = island.getByRole('treegrid', { name: /with the matched spans highlighted/ });
    await expect(grid).toBeVisible();
    const matches = grid.getByRole('row').filter({ has: page.getByText('match', { exact: true }) });
    await expect(matches).toHaveCount(matched);
    for (const row of await matches.all()) await expect(row).toContainText('payment-api');
    // Rows that did not match are there for context, without the tag.
    expect(await grid.getByRole('row').count()).toBeGreaterThan(matched + 2);
    expect(errors).toEqual([]);
  });

  test('a metrics query is drawn as a chart with a table of the same numbers and what Tempo needs', async ({ page }) => {
    const errors = await watchConsoleErrors(page);
    const island = await open(page, 'backends', 'TraceQL playground');
    await island.getByRole('button', { name: /^Run example: \{ \} \| count_over_time\(\) by \(resource\.service\.name\)/ }).click();
    await expect(island.getByRole('status')).toContainText(/^count_over_time: 6 series over \d+ steps/, { timeout: 20_000 });
    await expect(island.getByRole('img', { name: /count_over_time \(spans\) per/ })).toBeVisible();
    await expect(island.getByRole('list', { name: 'Series' })).toContainText('{resource.service.name="payment-api"}');
    await island.getByText('The numbers as a table').click();
    const table = island.getByRole('table').filter({ hasText: 'Step start' });
    await expect(table.getByRole('columnheader')).toHaveCount(7);
    expect(await table.locator('tbody tr').count()).toBeGreaterThan(5);
    await expect(island.locator('.kit-note').filter({ hasText: 'What Tempo needs:' })).toContainText('TraceQL metrics');
    expect(errors).toEqual([]);
  });
});

test.describe('Volume calculator', () => {
  test('computes from the lesson’s numbers, shows the arithmetic and validates each field', async ({ page }) => {
    const errors = await watchConsoleErrors(page);
    const island = await open(page, 'sampling', 'Trace volume calculator');
    const math = island.getByRole('list', { name: 'The arithmetic' });
    await expect(math).toContainText('2,000 requests/s × 35 spans/request = 70,000 spans/s');
    await expect(math).toContainText('= 5.44 TB/day');
    await expect(math).toContainText('× 0.1 (keeps 10%) = 544 GB/day');
    const bytes = island.getByRole('textbox', { name: /Bytes per span/ });
    await bytes.fill('lots');
    await expect(bytes).toHaveAttribute('aria-invalid', 'true');
    await expect(island.getByText('bytes per span (500 to 1,500 is typical) must be a number', { exact: true })).toBeVisible();
    await expect(math).toHaveCount(0);
    await bytes.fill('900');
    await island.getByRole('textbox', { name: /Share of traces kept/ }).fill('1.5');
    await expect(island.getByText('the sampling share is between 0 and 1 (0.1 keeps 10%)', { exact: true })).toBeVisible();
    await island.getByRole('textbox', { name: /Share of traces kept/ }).fill('0.1');
    await island.getByRole('textbox', { name: /Requests per second/ }).fill('1000');
    await expect(island.getByRole('status')).toHaveText('Kept: 272 GB/day, 1.91 TB stored over 7 days.');
    expect(errors).toEqual([]);
  });
});

test.describe('Sampling lab', () => {
  async function tab(island: Locator, name: string) {
    await island.getByRole('tab', { name }).click();
    return island.getByRole('tabpanel', { name });
  }

  test('a tab clicked while the lab is still loading opens once it has loaded', async ({ page }) => {
    // Hold the island's own script back so the click lands on the server-rendered tabs.
    const html = await (await page.request.get(pageOf('sampling'))).text();
    const component = /component-url="([^"]*SamplingLabIsland[^"]*)"/.exec(html)?.[1];
    expect(component, 'the sampling lab island and its script').toBeTruthy();
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route(
      (url) => url.pathname.endsWith(component!.split('/').at(-1)!),
      async (route) => {
        await held;
        await route.continue();
      },
    );
    await page.goto(pageOf('sampling'));
    const island = page.getByRole('region', { name: 'Sampling lab', exact: true });
    await island.scrollIntoViewIfNeeded();
    await expect(island.locator('xpath=ancestor::astro-island[1]')).toHaveAttribute('ssr', '');
    await island.getByRole('tab', { name: 'Tail sampling' }).click();
    release();
    await expect(island.locator('xpath=ancestor::astro-island[1]')).not.toHaveAttribute('ssr', { timeout: 20_000 });
    await expect(island.getByRole('tab', { name: 'Tail sampling' })).toHaveAttribute('aria-selected', 'true');
    await expect(island.getByRole('tabpanel', { name: 'Tail sampling' })).toBeVisible();
  });

  test('head sampling: independent ratios per service leave broken traces; parent-based keeps traces whole', async ({ page }) => {
    const errors = await watchConsoleErrors(page);
    const island = await open(page, 'sampling', 'Sampling lab');
    const panel = island.getByRole('tabpanel', { name: 'Head sampling' });
    await expect(panel.getByRole('radio', { name: 'Independent ratio per service' })).toBeChecked();
    // The SDK's samplers load with the first simulation; the numbers then follow every change.
    await panel.getByRole('button', { name: 'Simulate 200 requests' }).click();
    const broken = panel.locator('dt:text-is("Broken traces") + dd');
    await expect(broken).toBeVisible();
    expect(await number(broken)).toBeGreaterThan(0);
    await panel.getByRole('combobox', { name: 'Show traces' }).selectOption('broken');
    const rows = panel.getByRole('table').locator('tbody tr');
    expect(await rows.count()).toBeGreaterThan(0);
    for (const row of await rows.all()) {
      await expect(row).toContainText('broken');
      await expect(row).toContainText('not recorded');
    }
    await panel.getByRole('radio', { name: 'Parent-based (follow the caller)' }).check();
    await expect(island.getByRole('status').first()).toContainText(', 0 broken.');
    await expect(panel.getByText('only its ratio matters')).toBeVisible();
    // Independent again, but every service at the same ratio: the trace id makes them agree.
    await panel.getByRole('radio', { name: 'Independent ratio per service' }).check();
    for (const service of ['api-gateway', 'checkout-api', 'auth-service', 'inventory-api', 'payment-api']) {
      await panel.getByRole('textbox', { name: service, exact: true }).fill('0.3');
    }
    await expect(island.getByRole('status').first()).toContainText(', 0 broken.');
    await expect(panel.getByText('so they still agree')).toBeVisible();
    await panel.getByRole('textbox', { name: 'payment-api', exact: true }).fill('2');
    await expect(panel.getByText('Use a number from 0 to 1')).toBeVisible();
    expect(errors).toEqual([]);
  });

  test('tail sampling: a wrong field is reported with its line, and the line can be jumped to', async ({ page }) => {
    const errors = await watchConsoleErrors(page);
    const island = await open(page, 'sampling', 'Sampling lab');
    const panel = await tab(island, 'Tail sampling');
    const yaml = panel.getByRole('textbox', { name: /tail_sampling processor configuration/ });
    await expect(panel.getByRole('status')).toContainText(/^Kept \d+ of 2,000 traces/, { timeout: 20_000 });
    const text = (await yaml.inputValue()).replace('threshold_ms: 500', 'threshold_ms: fast');
    const line = text.split('\n').findIndex((l) => l.includes('threshold_ms: fast')) + 1;
    await yaml.fill(text);
    await panel.getByRole('button', { name: 'Apply the configuration' }).click();
    const alert = panel.getByRole('alert');
    await expect(alert).toContainText(`Line ${line}, column`);
    await expect(alert).toContainText('threshold_ms');
    await expect(alert).toContainText('whole number of milliseconds');
    await expect(yaml).toHaveAttribute('aria-invalid', 'true');
    await alert.getByRole('button', { name: new RegExp(`^Line ${line},`) }).click();
    await expect(yaml).toBeFocused();
    const selected = await yaml.evaluate((el: HTMLTextAreaElement) => el.value.slice(el.selectionStart, el.selectionEnd));
    expect(selected).toContain('threshold_ms: fast');
    expect(errors).toEqual([]);
  });

  test('tail sampling: changing a policy changes what is kept, and a small buffer drops traces undecided', async ({ page }) => {
    const errors = await watchConsoleErrors(page);
    const island = await open(page, 'sampling', 'Sampling lab');
    const panel = await tab(island, 'Tail sampling');
    const kept = panel.locator('dt:text-is("Traces kept") + dd');
    await expect(kept).toBeVisible({ timeout: 20_000 });
    const keptOf = async () => Number(/^([\d,]+) of/.exec(await kept.innerText())![1]!.replace(/,/g, ''));
    const before = await keptOf();
    await expect(panel.locator('dt:text-is("Error traces kept") + dd')).toContainText('every failure survives');
    const yaml = panel.getByRole('textbox', { name: /tail_sampling processor configuration/ });
    await yaml.fill((await yaml.inputValue()).replace('sampling_percentage: 10', 'sampling_percentage: 50'));
    await yaml.press('Control+Enter');
    await expect.poll(keptOf).toBeGreaterThan(before + 300);
    await panel.getByRole('button', { name: 'Try a small buffer (num_traces: 100)' }).click();
    await expect(yaml).toHaveValue(/num_traces: 100\n/);
    const dropped = panel.locator('dt:text-is("Dropped by the buffer") + dd');
    await expect.poll(() => number(dropped)).toBeGreaterThan(0);
    await expect(panel.getByText(/num_traces is 100: too small/)).toBeVisible();
    await expect(panel.locator('dt:text-is("Error traces kept") + dd')).toContainText('failures lost');
    expect(errors).toEqual([]);
  });

  test('strategies side by side, with storage per day from the learner’s traffic', async ({ page }) => {
    const errors = await watchConsoleErrors(page);
    const island = await open(page, 'sampling', 'Sampling lab');
    const panel = await tab(island, 'Compare strategies');
    const table = panel.getByRole('table', { name: /Strategies side by side/ });
    await expect(table.locator('tbody tr')).toHaveCount(4, { timeout: 20_000 });
    const keepAll = table.getByRole('row', { name: /^Keep everything/ });
    await expect(keepAll).toContainText('5.44 TB/day');
    await expect(keepAll).toContainText('(100%)');
    const tail = table.getByRole('row', { name: /^Tail sampling \(your policy\)/ });
    const errorsKept = /(\d+) of (\d+)/.exec(await tail.getByRole('cell').nth(2).innerText())!;
    expect(errorsKept[1]).toBe(errorsKept[2]);
    const head = table.getByRole('row', { name: /^Head sampling, ratio 0.1/ });
    const headErrors = /(\d+) of (\d+)/.exec(await head.getByRole('cell').nth(2).innerText())!;
    expect(Number(headErrors[1])).toBeLessThan(Number(headErrors[2]));
    await panel.getByRole('textbox', { name: /Requests per second/ }).fill('1000');
    await expect(keepAll).toContainText('2.72 TB/day');
    await panel.getByRole('textbox', { name: /Bytes per span/ }).fill('');
    await expect(panel.getByText('bytes per span (500 to 1,500 is typical) must be a number').first()).toBeVisible();
    await expect(keepAll).toContainText('–');
    expect(errors).toEqual([]);
  });

  test('tabs work from the keyboard', async ({ page }) => {
    const island = await open(page, 'sampling', 'Sampling lab');
    const head = island.getByRole('tab', { name: 'Head sampling' });
    await head.focus();
    await page.keyboard.press('ArrowRight');
    await expect(island.getByRole('tab', { name: 'Tail sampling' })).toBeFocused();
    await expect(island.getByRole('tab', { name: 'Tail sampling' })).toHaveAttribute('aria-selected', 'true');
    await page.keyboard.press('End');
    await expect(island.getByRole('tabpanel', { name: 'Compare strategies' })).toBeVisible();
    await page.keyboard.press('ArrowRight');
    await expect(head).toHaveAttribute('aria-selected', 'true');
  });
});

test.describe('Metrics → traces → logs', () => {
  test('a slow bucket’s exemplar opens its trace, and the trace’s logs carry its trace_id and span_id', async ({ page }) => {
    const errors = await watchConsoleErrors(page);
    const island = await open(page, 'correlation', 'From a latency metric to traces and logs');
    const histogram = island.getByRole('table', { name: /Request latency/ });
    await expect(histogram).toHaveCount(0);
    const record = island.getByRole('button', { name: 'Record 2,000 simulated requests in the histogram' });
    await record.focus();
    await page.keyboard.press('Enter');
    await expect(histogram).toBeVisible({ timeout: 20_000 });
    // The button goes away with the histogram; keyboard focus moves to the histogram rather than to the page.
    await expect(record).toHaveCount(0);
    await expect(histogram.locator('xpath=..')).toBeFocused();
    const slowRows = histogram.locator('tbody tr').filter({ has: page.getByText('slow', { exact: true }) });
    expect(await slowRows.count()).toBeGreaterThan(0);
    const exemplar = slowRows.last().getByRole('button', { name: /^Open the exemplar trace/ });
    const label = (await exemplar.getAttribute('aria-label'))!;
    const traceStart = /trace ([0-9a-f]{8})/.exec(label)![1]!;
    await exemplar.click();
    await expect(exemplar).toHaveAttribute('aria-pressed', 'true');
    const steps = island.getByRole('list', { name: 'The investigation' });
    await expect(steps.getByRole('listitem').nth(1)).toContainText('✓ done');
    await expect(steps.getByRole('listitem').nth(2)).toHaveAttribute('aria-current', 'step');
    const grid = island.getByRole('treegrid', { name: /of the exemplar/ });
    await expect(grid).toBeVisible();
    await expect(grid.getByRole('row').filter({ has: page.getByText('match', { exact: true }) })).toHaveCount(1);
    // The exemplar's value is a slow request: over 250 ms in the status line.
    await expect(island.getByRole('status')).toContainText(/Opened trace [0-9a-f]{12}…: [\d.]+ ms for api-gateway/);

    await island.getByRole('button', { name: /^Show the logs of this trace \(\d+ lines?\)/ }).click();
    const logs = island.getByRole('list', { name: /Logs with trace_id/ });
    const lines = logs.getByRole('listitem');
    expect(await lines.count()).toBeGreaterThan(1);
    for (const line of await lines.all()) {
      const text = await line.innerText();
      expect(text).toMatch(new RegExp(`trace_id=${traceStart}[0-9a-f]{24} span_id=[0-9a-f]{16}`));
    }
    await expect(steps.getByRole('listitem').nth(3)).toContainText('✓ done');
    // A log line's span can be marked in the trace.
    const spanId = /span_id=([0-9a-f]{16})/.exec(await lines.last().innerText())![1];
    await lines.last().getByRole('button', { name: 'mark this span in the trace' }).click();
    await expect(grid.getByRole('row').filter({ has: page.getByText('match', { exact: true }) })).toHaveCount(1);
    expect(spanId).toMatch(/^[0-9a-f]{16}$/);
    expect(errors).toEqual([]);
  });
});

test.describe('Redaction lab', () => {
  test('shows spans before and after, flags what is still sensitive, and reports a wrong action with its line', async ({ page }) => {
    const errors = await watchConsoleErrors(page);
    const island = await open(page, 'production', 'Redaction lab');
    const status = island.getByRole('status');
    await expect(status).toHaveText('4 sensitive values before, 1 after the processor.');
    const checkout = island.getByRole('table', { name: /^checkout-api GET \/checkout\/\{cart_id\} —/ });
    const email = checkout.getByRole('row', { name: /^user\.email/ });
    await expect(email).toContainText('ada.lovelace@example.com');
    await expect(email).toContainText('hashed (SHA-256: a pseudonym, not anonymous)');
    await expect(email.getByRole('cell').nth(1)).toHaveText(/^[0-9a-f]{64}/);
    const gateway = island.getByRole('table', { name: /^api-gateway GET \/checkout\/\{cart_id\} —/ });
    const auth = gateway.getByRole('row', { name: /^http\.request\.header\.authorization/ });
    await expect(auth).toContainText('removed');
    await expect(auth).toContainText('flagged: credentials');
    await expect(island.getByText('The check still flags:')).toBeVisible();
    await expect(island.locator('.kit-notice')).toContainText('payment.card_number');

    const yaml = island.getByRole('textbox', { name: /attributes processor configuration/ });
    await yaml.fill(`${await yaml.inputValue()}    - action: delete\n      key: payment.card_number\n`);
    await island.getByRole('button', { name: 'Apply to the sample spans' }).click();
    await expect(status).toHaveText('4 sensitive values before, 0 after the processor.');
    await expect(island.getByText(/No attribute is flagged any more/)).toBeVisible();

    await yaml.fill('actions:\n  - key: user.email\n    action: scramble\n');
    await island.getByRole('button', { name: 'Apply to the sample spans' }).click();
    const alert = island.getByRole('alert');
    await expect(alert).toContainText('Line 3, column');
    await expect(alert).toContainText('unknown action "scramble"');
    expect(errors).toEqual([]);
  });
});

test('every island fits a 375 px phone screen without sideways scrolling of the page', async ({ page }) => {
  await page.setViewportSize({ width: 375, height: 800 });
  for (const lesson of (['backends', 'sampling', 'correlation', 'production'] as const).map(pageOf)) {
    await page.goto(lesson);
    await page.evaluate(async () => {
      for (const el of document.querySelectorAll('astro-island')) el.scrollIntoView();
      await new Promise((r) => setTimeout(r, 1500));
    });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow, `${lesson} scrolls sideways`).toBeLessThanOrEqual(0);
    if (override) break;
  }
});

for (const colorScheme of ['light', 'dark'] as const) {
  test(`no serious accessibility violation once the islands show results (${colorScheme})`, async ({ page }) => {
    // Axe runs nine times over large trees: more than the default minute on 2 cores.
    test.setTimeout(150_000);
    await page.addInitScript((theme) => localStorage.setItem('starlight-theme', theme), colorScheme);
    await page.emulateMedia({ colorScheme });
    const serious = async () => {
      const results = await new AxeBuilder({ page }).include('.anl').analyze();
      return results.violations
        .filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map(
          (v) =>
            `${v.id}: ${v.nodes
              .map((n) => n.target.join(' '))
              .slice(0, 3)
              .join(' | ')}`,
        );
    };
    const traceql = await open(page, 'backends', 'TraceQL playground');
    expect(await serious()).toEqual([]);
    await traceql.getByRole('button', { name: 'Run query' }).click();
    await traceql.getByRole('list', { name: 'Matching traces' }).getByRole('button').first().click({ timeout: 20_000 });
    await traceql.getByRole('button', { name: /^Run example: \{ \} \| count_over_time/ }).click();
    await traceql.getByText('The numbers as a table').click();
    expect(await serious()).toEqual([]);
    await traceql.getByRole('textbox', { name: 'TraceQL query' }).fill('{ status = }');
    await traceql.getByRole('button', { name: 'Run query' }).click();
    expect(await serious()).toEqual([]);

    const lab = await open(page, 'sampling', 'Sampling lab');
    expect(await serious()).toEqual([]);
    await lab.getByRole('button', { name: /^Simulate [\d,]+ requests$/ }).click();
    await expect(lab.locator('dt:text-is("Broken traces")')).toBeVisible({ timeout: 20_000 });
    expect(await serious()).toEqual([]);
    await lab.getByRole('tab', { name: 'Tail sampling' }).click();
    await expect(lab.locator('dt:text-is("Traces kept")')).toBeVisible({ timeout: 20_000 });
    await lab.getByRole('button', { name: 'Try a small buffer (num_traces: 100)' }).click();
    expect(await serious()).toEqual([]);
    await lab.getByRole('tab', { name: 'Compare strategies' }).click();
    expect(await serious()).toEqual([]);

    const explorer = await open(page, 'correlation', 'From a latency metric to traces and logs');
    await explorer.getByRole('button', { name: /^Record [\d,]+ simulated requests/ }).click();
    await explorer
      .getByRole('button', { name: /^Open the exemplar trace/ })
      .last()
      .click({ timeout: 20_000 });
    await explorer.getByRole('button', { name: /^Show the logs/ }).click();
    expect(await serious()).toEqual([]);

    const redaction = await open(page, 'production', 'Redaction lab');
    await redaction.getByRole('textbox', { name: /attributes processor configuration/ }).fill('actions: [{ key: x, action: scramble }]');
    await redaction.getByRole('button', { name: 'Apply to the sample spans' }).click();
    expect(await serious()).toEqual([]);
  });
}
