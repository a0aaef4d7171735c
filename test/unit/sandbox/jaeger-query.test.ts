// The Jaeger API v3 client against a fake fetch that answers as Jaeger's
// v3 gateway does (bodies from the verify.sh fixtures, errors as
// http_gateway.go's tryHandleError writes them), and fails as a browser
// does (a TypeError for both "nothing listening" and "blocked by CORS").
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findTraces, findTracesUrl, getTrace, type JaegerClient, listServices } from '../../../src/sandbox/jaeger-query';

const VERIFY = join(import.meta.dirname, '../labs/fixtures/verify');
const readVerify = (file: string) => readFileSync(join(VERIFY, file), 'utf8');

/** http.Error: the JSON, a newline, text/plain. */
function jaegerError(status: number, message: string): Response {
  return new Response(`${JSON.stringify({ error: { httpCode: status, message } })}\n`, {
    status,
    headers: { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' },
  });
}
const json = (body: string) => new Response(body, { status: 200, headers: { 'Content-Type': 'application/json' } });

function fakeJaeger(answer: (url: URL) => Response) {
  const asked: { url: string; mode: RequestMode | undefined }[] = [];
  const fetch = async (input: string, init?: RequestInit) => {
    asked.push({ url: input, mode: init?.mode });
    return answer(new URL(input));
  };
  return {
    asked,
    client: (extra: Partial<JaegerClient> = {}): JaegerClient => ({
      baseUrl: 'http://localhost:16686',
      fetch,
      origin: 'https://course.example',
      ...extra,
    }),
  };
}

const WINDOW = { startMin: new Date('2026-11-28T08:00:00Z'), startMax: new Date('2026-11-28T09:01:00Z') };

describe('the URLs asked', () => {
  it('searches as verify.sh does: canonical camelCase parameters, RFC 3339 bounds, search depth, optional duration', () => {
    expect(findTracesUrl('http://localhost:16686', { service: 'checkout-api', ...WINDOW, durationMin: '500ms' })).toBe(
      'http://localhost:16686/api/v3/traces?query.serviceName=checkout-api&query.startTimeMin=2026-11-28T08%3A00%3A00Z&query.startTimeMax=2026-11-28T09%3A01%3A00Z&query.searchDepth=20&query.durationMin=500ms',
    );
  });

  it('keeps a base path in front of /api/v3', () => {
    expect(findTracesUrl('http://localhost:8080/jaeger', { service: 'frontend', ...WINDOW, searchDepth: 5 })).toMatch(
      /^http:\/\/localhost:8080\/jaeger\/api\/v3\/traces\?query\.serviceName=frontend&.*&query\.searchDepth=5$/,
    );
  });
});

describe('answers', () => {
  it('lists services', async () => {
    const jaeger = fakeJaeger(() => json(readVerify('passing/responses/jaeger-v3-services.json')));
    const answer = await listServices(jaeger.client());
    expect(answer).toEqual({ ok: true, value: ['checkout-api', 'customer', 'driver', 'frontend', 'mysql', 'redis-manual', 'route'] });
    expect(jaeger.asked[0]!.url).toBe('http://localhost:16686/api/v3/services');
  });

  it('finds traces and reads them into span records', async () => {
    const jaeger = fakeJaeger(() => json(readVerify('passing/responses/jaeger-v3-traces-checkout.json')));
    const answer = await findTraces(jaeger.client(), { service: 'checkout-api', ...WINDOW });
    if (!answer.ok) throw new Error(answer.message);
    expect(answer.value.records).toHaveLength(9);
    expect(answer.value.traceIds).toHaveLength(3);
  });

  it('gets one trace by id', async () => {
    const jaeger = fakeJaeger(() => json(readVerify('passing/responses/jaeger-v3-traces-checkout-slow.json')));
    const answer = await getTrace(jaeger.client(), ' 0AF7651916CD43DD0000000000000001 ');
    expect(answer.ok).toBe(true);
    expect(jaeger.asked[0]!.url).toBe('http://localhost:16686/api/v3/traces/0af7651916cd43dd0000000000000001');
  });

  it('a 404 is "no traces found", with what to do', async () => {
    const jaeger = fakeJaeger(() => jaegerError(404, 'No traces found'));
    const search = await findTraces(jaeger.client(), { service: 'checkout-api', ...WINDOW, durationMin: '500ms' });
    expect(search).toMatchObject({ ok: false, reason: 'no-traces', status: 404 });
    expect(!search.ok && search.message).toMatch(/^No checkout-api trace in that time range lasting 500ms or more\. .*wait about 15 s/);
    const one = await getTrace(jaeger.client(), '4bf92f3577b34da6a3ce929d0e0e4736');
    expect(!one.ok && one.message).toMatch(/^Jaeger has no trace 4bf92f3577b34da6a3ce929d0e0e4736\. .*tail sampling/);
  });

  it('a 400 carries Jaeger’s own message', async () => {
    const jaeger = fakeJaeger(() => jaegerError(400, 'malformed parameter query.durationMin: time: unknown unit "x" in duration "5x"'));
    const answer = await findTraces(jaeger.client(), { service: 'frontend', ...WINDOW });
    expect(answer).toMatchObject({ ok: false, reason: 'bad-request', status: 400 });
    expect(!answer.ok && answer.message).toMatch(
      /^Jaeger refused the request \(HTTP 400\): malformed parameter query\.durationMin: time: unknown unit/,
    );
  });

  it('another status names it and where to look', async () => {
    const jaeger = fakeJaeger(() => jaegerError(500, 'storage unavailable'));
    const answer = await listServices(jaeger.client());
    expect(answer).toMatchObject({ ok: false, reason: 'http', status: 500 });
    expect(!answer.ok && answer.message).toMatch(/HTTP 500: storage unavailable.*kubectl -n tracing logs deployment\/jaeger/);
  });

  it('a 2xx that is not Jaeger’s (HotROD’s page on 8080) is named', async () => {
    const jaeger = fakeJaeger(
      () => new Response('<!doctype html><title>HotROD</title>', { status: 200, headers: { 'Content-Type': 'text/html' } }),
    );
    expect(await listServices(jaeger.client({ baseUrl: 'http://localhost:8080' }))).toMatchObject({ ok: false, reason: 'not-jaeger' });
    expect(await findTraces(jaeger.client({ baseUrl: 'http://localhost:8080' }), { service: 'frontend', ...WINDOW })).toMatchObject({
      ok: false,
      reason: 'not-jaeger',
    });
  });
});

describe('input checked before asking', () => {
  it('refuses a reversed time range, a bad duration, a bad trace id and a bad URL without a request', async () => {
    const jaeger = fakeJaeger(() => json('{}'));
    const reversed = await findTraces(jaeger.client(), { service: 'frontend', startMin: WINDOW.startMax, startMax: WINDOW.startMin });
    expect(reversed).toMatchObject({ ok: false, reason: 'invalid-input', message: 'The start of the time range must be before its end.' });
    expect(await findTraces(jaeger.client(), { service: 'frontend', ...WINDOW, durationMin: '500' })).toMatchObject({
      reason: 'invalid-input',
    });
    expect(await getTrace(jaeger.client(), '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01')).toMatchObject({
      reason: 'invalid-input',
    });
    expect(await listServices(jaeger.client({ baseUrl: 'localhost:16686' }))).toMatchObject({ reason: 'invalid-input' });
    expect(jaeger.asked).toEqual([]);
  });
});

describe('failures a browser reports the same way', () => {
  const refused = () => Promise.reject(new TypeError('Failed to fetch'));

  it('nothing listening: both the request and the opaque probe fail → unreachable, with the port-forward', async () => {
    const answer = await listServices({ baseUrl: 'http://localhost:16686', fetch: refused });
    expect(answer).toMatchObject({ ok: false, reason: 'unreachable' });
    expect(!answer.ok && answer.message).toMatch(/kubectl -n tracing port-forward svc\/jaeger 16686:16686/);
  });

  it('blocked by CORS: the opaque probe gets through → cors, naming the origin and the setting', async () => {
    const fetch = (_: string, init?: RequestInit) =>
      init?.mode === 'no-cors' ? Promise.resolve(new Response(null, { status: 200 })) : refused();
    const answer = await listServices({ baseUrl: 'http://localhost:16686', fetch, origin: 'https://course.example' });
    expect(answer).toMatchObject({ ok: false, reason: 'cors' });
    expect(!answer.ok && answer.message).toMatch(
      /from https:\/\/course\.example\. Add that origin to extensions\.jaeger_query\.http\.cors\.allowed_origins/,
    );
  });

  it('a port that never answers: timeout', async () => {
    const hang = (_: string, init?: RequestInit) =>
      new Promise<Response>((_, reject) =>
        init?.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))),
      );
    const answer = await listServices({ baseUrl: 'http://localhost:16686', fetch: hang, timeoutMs: 50 });
    expect(answer).toMatchObject({ ok: false, reason: 'timeout' });
  });

  it('cancelled by the learner', async () => {
    const controller = new AbortController();
    const hang = (_: string, init?: RequestInit) =>
      new Promise<Response>((_, reject) =>
        init?.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))),
      );
    const pending = getTrace(
      { baseUrl: 'http://localhost:16686', fetch: hang, signal: controller.signal },
      '4bf92f3577b34da6a3ce929d0e0e4736',
    );
    controller.abort();
    expect(await pending).toMatchObject({ ok: false, reason: 'cancelled' });
  });
});
