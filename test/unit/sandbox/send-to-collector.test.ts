import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromOtlpJson, toOtlpJson } from '../../../src/sandbox/otlp-json';
import { runCheckout } from '../../../src/sandbox/run-checkout';
import { sendToCollector } from '../../../src/sandbox/send-to-collector';

// A small OTLP/HTTP receiver on loopback: accepts JSON at /v1/traces, 404 elsewhere.
let server: Server;
let base = '';
const received: { contentType: string | undefined; body: string }[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      if (req.url === '/v1/traces' && req.method === 'POST') {
        received.push({ contentType: req.headers['content-type'], body });
        const partial = req.headers['x-test-partial'] === '1';
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(partial ? JSON.stringify({ partialSuccess: { rejectedSpans: '2', errorMessage: 'too old' } }) : '{}');
      } else {
        res.writeHead(404).end('not found');
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('send to my collector', () => {
  it('POSTs the OTLP/JSON body with the JSON content type and reports success', async () => {
    const run = await runCheckout({ cart: 'normal', seed: 4 });
    const body = toOtlpJson(run.spans);
    const result = await sendToCollector(`${base}/v1/traces`, body);
    expect(result).toMatchObject({ ok: true, status: 200, rejectedSpans: 0 });
    const last = received.at(-1)!;
    expect(last.contentType).toBe('application/json');
    expect(fromOtlpJson(last.body)).toHaveLength(run.spans.length);
  });

  it('reports spans a receiver rejected in a partial success', async () => {
    const withHeader = (input: string, init?: RequestInit) =>
      fetch(input, { ...init, headers: { ...(init?.headers as Record<string, string>), 'x-test-partial': '1' } });
    const result = await sendToCollector(`${base}/v1/traces`, '{"resourceSpans":[]}', withHeader);
    expect(result).toMatchObject({ ok: true, rejectedSpans: 2 });
    expect(result.message).toMatch(/rejected 2 span/);
  });

  it('a non-2xx answer gives the status and a hint', async () => {
    const result = await sendToCollector(`${base}/traces`, '{}');
    expect(result).toMatchObject({ ok: false, reason: 'http', status: 404 });
    expect(result.message).toMatch(/HTTP 404.*\/v1\/traces/);
  });

  it('nothing listening: unreachable, with what to check', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const result = await sendToCollector(`http://127.0.0.1:${port}/v1/traces`, '{}');
    expect(result).toMatchObject({ ok: false, reason: 'unreachable' });
    expect(result.message).toMatch(/Nothing answered at 127\.0\.0\.1:\d+/);
    // The lab's browser-facing receiver is Jaeger (its CORS settings list the course), not the lab collector.
    expect(result.message).toContain('kubectl -n tracing port-forward svc/jaeger 4318:4318');
  });

  it('CORS: the POST fails like a network error but an opaque request gets through', async () => {
    // What a browser does when the receiver lacks Access-Control-Allow-Origin for the page.
    const browserLike = async (input: string, init?: RequestInit) => {
      if (init?.mode !== 'no-cors') throw new TypeError('Failed to fetch');
      const response = await fetch(input, { method: 'GET' });
      return response;
    };
    const result = await sendToCollector(`${base}/v1/traces`, '{}', browserLike, 'https://course.example.org');
    expect(result).toMatchObject({ ok: false, reason: 'cors' });
    expect(result.message).toContain('https://course.example.org');
    expect(result.message).toContain('cors.allowed_origins');
  });

  it('a malformed URL is refused before any request', async () => {
    let called = false;
    const spy = async () => {
      called = true;
      return new Response('');
    };
    expect(await sendToCollector('localhost:4318', '{}', spy)).toMatchObject({ ok: false, reason: 'invalid-url' });
    expect(await sendToCollector('not a url', '{}', spy)).toMatchObject({ ok: false, reason: 'invalid-url' });
    expect(called).toBe(false);
  });
});

describe('send to my collector against a port that accepts and never answers', () => {
  // Holds every connection open without a byte of reply, like a port-forward to a hung pod.
  let stalled: import('node:net').Server;
  let url = '';
  const sockets = new Set<import('node:net').Socket>();
  beforeAll(async () => {
    const { createServer: createTcpServer } = await import('node:net');
    stalled = createTcpServer((socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    });
    await new Promise<void>((resolve) => stalled.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(stalled.address() as AddressInfo).port}/v1/traces`;
  });
  afterAll(() => {
    for (const socket of sockets) socket.destroy();
    return new Promise<void>((resolve) => stalled.close(() => resolve()));
  });

  it('gives up after the timeout and says what that means', async () => {
    const started = Date.now();
    const result = await sendToCollector(url, '{}', undefined, 'https://course.example.org', { timeoutMs: 300 });
    expect(Date.now() - started).toBeLessThan(3000);
    expect(result).toMatchObject({ ok: false, reason: 'timeout' });
    expect(result.message).toMatch(/^No answer from 127\.0\.0\.1:\d+ within 0\.3 s\. Something accepted the connection but never replied/);
  });

  it('stops at once when the learner cancels, and says it was cancelled', async () => {
    const abort = new AbortController();
    const pending = sendToCollector(url, '{}', undefined, 'https://course.example.org', { signal: abort.signal, timeoutMs: 60_000 });
    setTimeout(() => abort.abort(), 100);
    const started = Date.now();
    const result = await pending;
    expect(Date.now() - started).toBeLessThan(2000);
    expect(result).toEqual({
      ok: false,
      reason: 'cancelled',
      message: 'Sending was cancelled; nothing is waiting for an answer any more.',
    });
  });
});
