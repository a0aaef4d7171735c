import { describe, expect, it } from 'vitest';
import { runRedaction } from '../../../../src/sandbox/redaction';
import { REDACTION_SAMPLE_CARD, REDACTION_SAMPLE_EMAIL, redactionSampleSpans } from '../../../../src/sandbox/view/redaction-sample';
import { attributeRows, countFindings, redactionChecks, redactionLabView } from '../../../../src/sandbox/view/redaction-view';

const PREFILLED = `attributes/redact:
  actions:
    - action: delete
      key: http.request.header.authorization
    - action: hash
      key: user.email
`;

describe('redaction lab views', () => {
  const spans = redactionSampleSpans();

  it('the sample spans carry what the check must flag: credentials, an e-mail, a card number', () => {
    const result = runRedaction('actions: [{ key: none, action: delete }]', spans);
    if (!result.ok) throw new Error(result.errors[0]?.message);
    const checks = redactionChecks(spans, result.views);
    const kinds = checks.flatMap((c) => c.before.map((f) => f.kind)).sort();
    expect(kinds).toEqual(['authorization', 'authorization', 'card-number', 'email']);
    expect(countFindings(checks)).toEqual({ before: 4, after: 4 });
  });

  it('before/after rows: deleted and hashed values are marked, the rest unchanged', () => {
    const result = runRedaction(PREFILLED, spans);
    if (!result.ok) throw new Error(result.errors[0]?.message);
    const checkout = result.views.find((v) => v.service === 'checkout-api')!;
    const rows = attributeRows(checkout);
    const email = rows.find((r) => r.key === 'user.email')!;
    expect(email.change).toBe('hashed');
    expect(email.before).toBe(REDACTION_SAMPLE_EMAIL);
    expect(email.after).toMatch(/^[0-9a-f]{64}$/);
    expect(rows.find((r) => r.key === 'cart.id')).toMatchObject({ change: 'unchanged', before: 'c-48213', after: 'c-48213' });
    const gateway = attributeRows(result.views.find((v) => v.service === 'api-gateway')!);
    expect(gateway.find((r) => r.key === 'http.request.header.authorization')).toMatchObject({ change: 'deleted', after: undefined });
  });

  it('after the prefilled rules only the card number is still flagged', () => {
    const result = runRedaction(PREFILLED, spans);
    if (!result.ok) throw new Error('config');
    const checks = redactionChecks(spans, result.views);
    expect(countFindings(checks)).toEqual({ before: 4, after: 1 });
    const left = checks.flatMap((c) => c.after);
    expect(left).toEqual([expect.objectContaining({ key: 'payment.card_number', kind: 'card-number' })]);
    const payment = attributeRows(result.views.find((v) => v.name === 'POST /payments')!);
    expect(payment.find((r) => r.key === 'payment.card_number')?.after).toBe(REDACTION_SAMPLE_CARD);
  });

  it('an insert after a delete shows the new value as inserted', () => {
    const result = runRedaction(
      `actions:
  - key: user.email
    action: delete
  - key: user.email
    action: insert
    value: redacted
`,
      spans,
    );
    if (!result.ok) throw new Error(result.errors[0]?.message);
    const row = attributeRows(result.views.find((v) => v.service === 'checkout-api')!).find((r) => r.key === 'user.email');
    expect(row).toMatchObject({ before: REDACTION_SAMPLE_EMAIL, after: 'redacted', change: 'inserted' });
  });
});

describe('what the redaction lab shows', () => {
  const spans = redactionSampleSpans();

  it('the starting configuration: 4 sensitive values before, the card number left after, the e-mail hashed', () => {
    const view = redactionLabView(runRedaction(PREFILLED, spans), spans);
    if (!view.ok) throw new Error(view.errors[0]?.message);
    expect(view.counts).toEqual({ before: 4, after: 1 });
    expect(view.left).toEqual([expect.objectContaining({ key: 'payment.card_number', kind: 'card-number' })]);
    const email = view.spans.flatMap((s) => s.rows).find((row) => row.key === 'user.email')!;
    expect(email).toMatchObject({ before: REDACTION_SAMPLE_EMAIL, change: 'hashed' });
    expect(email.after).toMatch(/^[0-9a-f]{64}$/);
    expect(email.flaggedBefore.map((f) => f.kind)).toEqual(['email']);
    expect(email.flaggedAfter).toEqual([]);
  });

  it('a wrong action gives the errors with their line instead of tables', () => {
    const view = redactionLabView(runRedaction('actions:\n  - key: user.email\n    action: scramble\n', spans), spans);
    expect(view.ok).toBe(false);
    if (!view.ok) expect(view.errors[0]).toMatchObject({ line: 3 });
  });

  it('is plain data, so the build can hand it to the page', () => {
    const view = redactionLabView(runRedaction(PREFILLED, spans), spans);
    expect(JSON.parse(JSON.stringify(view))).toEqual(view);
  });
});
