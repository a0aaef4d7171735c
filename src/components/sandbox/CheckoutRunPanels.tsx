import { useId, useRef, useState } from 'react';
import type { Finding } from '../../sandbox/describe-run';
import type { SandboxRun } from '../../sandbox/run-checkout';
import { DEFAULT_COLLECTOR_URL, LAB_PORT_FORWARD, type SendResult, sendToCollector } from '../../sandbox/send-to-collector';
import type { TraceTree } from '../../sandbox/trace-model';
import type { SandboxControl } from './controls';
import { TraceWaterfall } from './TraceWaterfall';
import { downloadJson } from '../kit/download';

/** What one finished run gives the sandbox to show. */
export interface CheckoutRunView {
  readonly run: SandboxRun;
  readonly traces: readonly TraceTree[];
  readonly findings: readonly Finding[];
  /** OTLP JSON of the spans ('' when the lesson shows no export). */
  readonly otlp: string;
  /** Console exporter output ('' when the lesson shows no console). */
  readonly consoleText: string;
}

function ExportPanel({ view }: { view: CheckoutRunView }) {
  const id = useId();
  const [collectorUrl, setCollectorUrl] = useState(DEFAULT_COLLECTOR_URL);
  const [sending, setSending] = useState(false);
  const sendAbort = useRef<AbortController | null>(null);
  const [sendResult, setSendResult] = useState<SendResult | null>(null);
  const { run, otlp } = view;
  const rootTrace = run.spans[0]?.spanContext().traceId.slice(0, 8) ?? 'run';

  const send = async () => {
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

  return (
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
            onChange={(event) => setCollectorUrl(event.currentTarget.value)}
            spellcheck={false}
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
  );
}

/** Everything the sandbox shows about a finished run: findings, waterfall, headers, exporter output, logs, export. */
export function CheckoutRunPanels({
  view,
  controls,
  cartLabel,
}: {
  view: CheckoutRunView;
  controls: readonly SandboxControl[];
  /** The cart in words ("normal cart"). */
  cartLabel: string;
}) {
  const has = (control: SandboxControl) => controls.includes(control);
  const { run, traces, findings, consoleText } = view;
  return (
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
      <TraceWaterfall traces={traces} edges={run.edges} label={`Trace waterfall of the ${cartLabel}`} />

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

      {has('export') && <ExportPanel view={view} />}
    </>
  );
}
