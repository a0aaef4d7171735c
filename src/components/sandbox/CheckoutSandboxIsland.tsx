import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { formatConsoleJson } from '../../sandbox/console-json';
import { recordActivity } from '../quiz/browser-store';
import { describeResponse, describeTraces } from '../../sandbox/describe-run';
import { toOtlpJson } from '../../sandbox/otlp-json';
import { runCheckout, type SandboxRun } from '../../sandbox/run-checkout';
import { responseTiming } from '../../sandbox/run-facts';
import type { CartKind, ScenarioOptions } from '../../sandbox/scenario';
import { DEFAULT_COLLECTOR_URL, LAB_PORT_FORWARD, type SendResult, sendToCollector } from '../../sandbox/send-to-collector';
import { EDGE_IDS, type EdgeId } from '../../sandbox/topology';
import { buildTraces } from '../../sandbox/trace-model';
import { DEFAULT_CONTROLS, type SandboxControl } from './controls';
import { downloadJson } from '../kit/download';
import { ErrorBoundary } from '../kit/ErrorBoundary';
import { TraceWaterfall } from './TraceWaterfall';
import './sandbox.css';

export interface CheckoutSandboxIslandProps {
  /** The scenario the controls start from (and the one run when there are no cart buttons). */
  scenario?: ScenarioOptions;
  /** Which controls and views to show; see SANDBOX_CONTROLS. */
  controls?: readonly SandboxControl[];
  /** Accessible name of the sandbox region. */
  title?: string;
  /** The lesson the sandbox sits in: a finished run counts as activity there. */
  lesson?: string;
}

const CART_LABELS: Record<CartKind, string> = { normal: 'normal cart', slow: 'slow cart', fail: 'failing cart' };

const EDGE_LABELS: Record<EdgeId, string> = {
  'api-gateway->checkout-api': 'api-gateway → checkout-api',
  'checkout-api->auth-service': 'checkout-api → auth-service',
  'checkout-api->inventory-api': 'checkout-api → inventory-api',
  'checkout-api->payment-api': 'checkout-api → payment-api',
  'checkout-api->order-worker': 'checkout-api → order-worker (order.created message)',
};

type Fallback = 'off' | 'unset' | 'error';

function Sandbox({
  scenario = { cart: 'normal' },
  controls = DEFAULT_CONTROLS,
  title = 'Checkout sandbox',
  lesson,
}: CheckoutSandboxIslandProps) {
  const id = useId();
  const has = (control: SandboxControl) => controls.includes(control);
  const [ready, setReady] = useState(false);
  const [running, setRunning] = useState<CartKind | null>(null);
  const busy = useRef(false);
  const [run, setRun] = useState<SandboxRun | null>(null);
  const [status, setStatus] = useState('');
  const [brokenEdge, setBrokenEdge] = useState<EdgeId | ''>(scenario.brokenEdge ?? '');
  const [gap, setGap] = useState(scenario.uninstrumentedGap ?? false);
  const [fallback, setFallback] = useState<Fallback>(scenario.fallback ?? 'off');
  const [highCardinality, setHighCardinality] = useState(scenario.highCardinality ?? false);
  const [collectorUrl, setCollectorUrl] = useState(DEFAULT_COLLECTOR_URL);
  const [sending, setSending] = useState(false);
  const sendAbort = useRef<AbortController | null>(null);
  const [sendResult, setSendResult] = useState<SendResult | null>(null);

  // Buttons stay disabled until the island has hydrated: without JavaScript they could do nothing.
  useEffect(() => setReady(true), []);

  const traces = useMemo(() => (run ? buildTraces(run.spans) : []), [run]);
  const findings = useMemo(() => (run ? describeTraces(traces, run.edges) : []), [traces, run]);
  const otlp = useMemo(() => (run && controls.includes('export') ? toOtlpJson(run.spans) : ''), [run, controls]);
  const consoleText = useMemo(() => (run && controls.includes('console') ? formatConsoleJson(run.spans) : ''), [run, controls]);

  const start = async (cart: CartKind) => {
    // The run buttons stay focusable while a run is under way (aria-disabled, not disabled), so
    // keyboard focus is not dropped to the page; a press meanwhile does nothing.
    if (busy.current) return;
    busy.current = true;
    setRunning(cart);
    setSendResult(null);
    setStatus(`Running the ${CART_LABELS[cart]}…${cart === 'slow' ? ' The bank takes about half a second to answer.' : ''}`);
    try {
      const options: ScenarioOptions = {
        cart,
        realTime: true,
        ...(brokenEdge ? { brokenEdge } : {}),
        ...(gap ? { uninstrumentedGap: true } : {}),
        ...(fallback !== 'off' ? { fallback } : {}),
        ...(highCardinality ? { highCardinality: true } : {}),
        ...(scenario.seed !== undefined ? { seed: scenario.seed } : {}),
      };
      const result = await runCheckout(options);
      const traceCount = new Set(result.spans.map((s) => s.spanContext().traceId)).size;
      setRun(result);
      if (lesson) recordActivity(lesson, 'sandbox');
      setStatus(
        `The ${CART_LABELS[cart]} finished: ${describeResponse(responseTiming(result))}. ` +
          `${result.spans.length} spans in ${traceCount === 1 ? 'one trace' : `${traceCount} traces`}.`,
      );
    } catch (error) {
      setStatus(`The run failed: ${(error as Error).message}`);
    } finally {
      busy.current = false;
      setRunning(null);
    }
  };

  const send = async () => {
    if (!run) return;
    setSending(true);
    setSendResult(null);
    // The site's Content-Security-Policy may forbid the host; the browser then fails the fetch like a dead port.
    let blockedByPolicy = false;
    const onViolation = (event: SecurityPolicyViolationEvent) => {
      if (event.effectiveDirective === 'connect-src') blockedByPolicy = true;
    };
    document.addEventListener('securitypolicyviolation', onViolation);
    const abort = new AbortController();
    sendAbort.current = abort;
    const result = await sendToCollector(collectorUrl, otlp, undefined, undefined, { signal: abort.signal });
    sendAbort.current = null;
    // Violation events are dispatched asynchronously; give them a moment to arrive.
    await new Promise((resolve) => setTimeout(resolve, 50));
    document.removeEventListener('securitypolicyviolation', onViolation);
    setSendResult(
      blockedByPolicy && !result.ok
        ? {
            ok: false,
            reason: 'unreachable',
            message:
              'This site only lets your browser send spans to localhost or 127.0.0.1. Forward the lab Jaeger’s OTLP port to ' +
              `your machine (${LAB_PORT_FORWARD}) and use ${DEFAULT_COLLECTOR_URL}.`,
          }
        : result,
    );
    setSending(false);
  };

  const disabled = !ready || running !== null;
  const rootTrace = run?.spans[0]?.spanContext().traceId.slice(0, 8) ?? 'run';

  return (
    <section className="sbx" aria-label={title}>
      <div className="sbx-controls">
        <div className="sbx-run" role="group" aria-label="Run a checkout">
          {(has('carts') ? (['normal', 'slow', 'fail'] as const) : [scenario.cart]).map((cart) => (
            <button
              key={cart}
              type="button"
              className={`kit-button${cart === scenario.cart ? ' kit-button-primary' : ''}`}
              disabled={!ready}
              aria-disabled={running !== null ? true : undefined}
              onClick={() => void start(cart)}
            >
              {running === cart ? 'Running…' : `Run ${CART_LABELS[cart]}`}
            </button>
          ))}
        </div>
        {has('break-edge') && (
          <div className="sbx-field">
            <label htmlFor={`${id}-edge`}>Context propagation</label>
            <select
              className="kit-field"
              id={`${id}-edge`}
              value={brokenEdge}
              disabled={disabled}
              onChange={(event) => setBrokenEdge(event.target.value as EdgeId | '')}
            >
              <option value="">Every call injects traceparent</option>
              {EDGE_IDS.map((edge) => (
                <option key={edge} value={edge}>
                  Not injected: {EDGE_LABELS[edge]}
                </option>
              ))}
            </select>
          </div>
        )}
        {has('gap') && (
          <label className="sbx-check">
            <input type="checkbox" checked={gap} disabled={disabled} onChange={(e) => setGap(e.target.checked)} /> checkout-api prices the
            cart in code that makes no spans
          </label>
        )}
        {has('cardinality') && (
          <label className="sbx-check">
            <input type="checkbox" checked={highCardinality} disabled={disabled} onChange={(e) => setHighCardinality(e.target.checked)} />{' '}
            Raw paths and customer ids instead of route templates
          </label>
        )}
        {has('fallback') && (
          <fieldset className="sbx-fieldset" disabled={disabled}>
            <legend>When the card issuer is unavailable, payment-api falls back and</legend>
            {(
              [
                ['off', 'does not fall back (the bank answers normally)'],
                ['unset', 'leaves the span status unset'],
                ['error', 'sets ERROR and payment.fallback=true'],
              ] as const
            ).map(([value, text]) => (
              <label key={value} className="sbx-check">
                <input
                  type="radio"
                  name={`${id}-fallback`}
                  value={value}
                  checked={fallback === value}
                  onChange={() => setFallback(value)}
                />{' '}
                {text}
              </label>
            ))}
          </fieldset>
        )}
      </div>

      <p className="kit-status" role="status">
        {status || (ready ? 'Choose a cart to run: the spans are made in your browser by the OpenTelemetry SDK.' : '')}
      </p>

      {run && (
        <>
          <ul className="sbx-findings">
            {findings
              .filter((f) => f.kind !== 'summary')
              .map((finding, i) => (
                <li key={i} className={`sbx-finding sbx-finding-${finding.kind}`}>
                  {finding.text}
                </li>
              ))}
          </ul>
          <TraceWaterfall traces={traces} edges={run.edges} label={`Trace waterfall of the ${CART_LABELS[run.scenario.cart]}`} />

          {has('headers') && (
            <details className="sbx-panel">
              <summary>Headers on each call</summary>
              <div className="sbx-table-wrap">
                <table className="sbx-headers">
                  <thead>
                    <tr>
                      <th scope="col">Call</th>
                      <th scope="col">Headers sent</th>
                    </tr>
                  </thead>
                  <tbody>
                    {run.edges.map((edge) => (
                      <tr key={edge.id} className={edge.injected ? '' : 'sbx-edge-broken'}>
                        <th scope="row">
                          {edge.from} → {edge.to}
                          <span className="kit-muted"> ({edge.transport === 'message' ? 'message' : 'HTTP'})</span>
                        </th>
                        <td>
                          {Object.entries(edge.headers).map(([k, v]) => (
                            <div key={k}>
                              <code>
                                {k}: {v}
                              </code>
                            </div>
                          ))}
                          {!edge.injected && (
                            <div className="sbx-error-text">
                              <span aria-hidden="true">⚠ </span>No traceparent: the caller did not inject context.
                            </div>
                          )}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </details>
          )}

          {has('console') && (
            <details className="sbx-panel">
              <summary>Console exporter output ({run.spans.length} spans, in the order they ended)</summary>
              <pre className="sbx-code" tabIndex={0} aria-label="Console exporter output">
                {consoleText}
              </pre>
            </details>
          )}

          {has('logs') && (
            <details className="sbx-panel">
              <summary>Service logs ({run.logs.length} lines)</summary>
              <pre className="sbx-code" tabIndex={0} aria-label="Service logs">
                {run.logs.map((line) => JSON.stringify(line)).join('\n')}
              </pre>
            </details>
          )}

          {has('export') && (
            <div className="sbx-export">
              <button
                type="button"
                className="kit-button"
                onClick={() => downloadJson(otlp, `checkout-${run.scenario.cart}-${rootTrace}.otlp.json`)}
              >
                Download OTLP JSON
              </button>
              <form
                className="sbx-send"
                onSubmit={(event) => {
                  event.preventDefault();
                  void send();
                }}
              >
                <label htmlFor={`${id}-collector`}>Send to my collector (OTLP/HTTP)</label>
                <div className="sbx-send-row">
                  <input
                    className="kit-field"
                    id={`${id}-collector`}
                    type="url"
                    value={collectorUrl}
                    onChange={(event) => setCollectorUrl(event.target.value)}
                    spellCheck={false}
                  />
                  <button type="submit" className="kit-button" disabled={sending}>
                    {sending ? 'Sending…' : 'Send'}
                  </button>
                  {sending && (
                    <button type="button" className="kit-button" onClick={() => sendAbort.current?.abort()}>
                      Cancel
                    </button>
                  )}
                </div>
              </form>
              <p className={sendResult && !sendResult.ok ? 'sbx-send-result sbx-error-text' : 'sbx-send-result'} role="status">
                {sendResult ? `${sendResult.ok ? '' : '⚠ '}${sendResult.message}` : ''}
              </p>
            </div>
          )}
        </>
      )}
    </section>
  );
}

/** The checkout sandbox island: run carts, break propagation, read the waterfall, headers and exports. */
export default function CheckoutSandboxIsland(props: CheckoutSandboxIslandProps) {
  return (
    <ErrorBoundary name="The checkout sandbox">
      <Sandbox {...props} />
    </ErrorBoundary>
  );
}
