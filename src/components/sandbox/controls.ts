// Which parts of the checkout sandbox a lesson shows.
export const SANDBOX_CONTROLS = [
  'carts', // one button per cart: normal, slow, failing
  'break-edge', // choose an edge whose caller does not inject traceparent
  'gap', // an uninstrumented stretch in checkout-api
  'fallback', // payment fallback: status unset vs ERROR + payment.fallback=true
  'cardinality', // raw paths and ids instead of route templates
  'headers', // the headers that crossed each edge
  'console', // console exporter JSON
  'logs', // the services' structured logs
  'export', // download OTLP JSON, send to my collector
] as const;

export type SandboxControl = (typeof SANDBOX_CONTROLS)[number];

export const DEFAULT_CONTROLS: readonly SandboxControl[] = ['carts', 'break-edge', 'headers', 'console', 'export'];

export function checkControls(controls: readonly string[]): SandboxControl[] {
  const unknown = controls.filter((c) => !(SANDBOX_CONTROLS as readonly string[]).includes(c));
  if (unknown.length > 0) {
    throw new Error(
      `CheckoutSandbox: controls ${unknown.map((c) => `"${c}"`).join(', ')} not known; use any of ${SANDBOX_CONTROLS.map((c) => `"${c}"`).join(', ')}.`,
    );
  }
  return controls as SandboxControl[];
}
