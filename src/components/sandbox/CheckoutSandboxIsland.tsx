import { useEffect, useId, useRef, useState } from 'react';
import type { CartKind, ScenarioOptions } from '../../sandbox/scenario';
import { EDGE_IDS, type EdgeId } from '../../sandbox/topology';
import type { CheckoutRunView } from './CheckoutRunPanels';
import { DEFAULT_CONTROLS, type SandboxControl } from './controls';
import { ErrorBoundary } from '../kit/ErrorBoundary';
import { engineStatus, useEngine } from './use-engine';
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
  const [view, setView] = useState<CheckoutRunView | null>(null);
  const [status, setStatus] = useState('');
  const [brokenEdge, setBrokenEdge] = useState<EdgeId | ''>(scenario.brokenEdge ?? '');
  const [gap, setGap] = useState(scenario.uninstrumentedGap ?? false);
  const [fallback, setFallback] = useState<Fallback>(scenario.fallback ?? 'off');
  const [highCardinality, setHighCardinality] = useState(scenario.highCardinality ?? false);
  // The SDK, the simulated services and the run's views arrive with the first run.
  const engine = useEngine(() => import('./checkout-engine'));

  // Buttons stay disabled until the island has hydrated: without JavaScript they could do nothing.
  useEffect(() => setReady(true), []);

  const start = async (cart: CartKind) => {
    // The run buttons stay focusable while a run is under way (aria-disabled, not disabled), so
    // keyboard focus is not dropped to the page; a press meanwhile does nothing.
    if (busy.current) return;
    busy.current = true;
    setRunning(cart);
    try {
      if (!engine.engine) setStatus(engineStatus({ status: 'loading' }, 'the sandbox'));
      const loaded = await engine.load();
      if (!loaded) return; // the status line says why (engine.state)
      setStatus(`Running the ${CART_LABELS[cart]}…${cart === 'slow' ? ' The bank takes about half a second to answer.' : ''}`);
      const options: ScenarioOptions = {
        cart,
        realTime: true,
        ...(brokenEdge ? { brokenEdge } : {}),
        ...(gap ? { uninstrumentedGap: true } : {}),
        ...(fallback !== 'off' ? { fallback } : {}),
        ...(highCardinality ? { highCardinality: true } : {}),
        ...(scenario.seed !== undefined ? { seed: scenario.seed } : {}),
      };
      const result = await loaded.runSandbox(options, controls, lesson);
      setView(result.view);
      setStatus(`The ${CART_LABELS[cart]} finished: ${result.summary}`);
    } catch (error) {
      setStatus(`The run failed: ${(error as Error).message}`);
    } finally {
      busy.current = false;
      setRunning(null);
    }
  };

  const disabled = !ready || running !== null;
  const loading = engine.state.status === 'loading';
  const Panels = engine.engine?.CheckoutRunPanels;
  const idle = ready ? 'Choose a cart to run: the spans are made in your browser by the OpenTelemetry SDK.' : '';

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
              {running === cart ? (loading ? 'Loading the sandbox…' : 'Running…') : `Run ${CART_LABELS[cart]}`}
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
              onChange={(event) => setBrokenEdge(event.currentTarget.value as EdgeId | '')}
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
            <input type="checkbox" checked={gap} disabled={disabled} onChange={(e) => setGap(e.currentTarget.checked)} /> checkout-api
            prices the cart in code that makes no spans
          </label>
        )}
        {has('cardinality') && (
          <label className="sbx-check">
            <input
              type="checkbox"
              checked={highCardinality}
              disabled={disabled}
              onChange={(e) => setHighCardinality(e.currentTarget.checked)}
            />{' '}
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
        {engine.state.status === 'failed' ? engineStatus(engine.state, 'the sandbox') : status || idle}
      </p>

      {view && Panels && <Panels view={view} controls={controls} cartLabel={CART_LABELS[view.run.scenario.cart]} />}
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
