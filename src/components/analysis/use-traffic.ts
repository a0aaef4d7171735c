import { useEffect, useState } from 'react';
import type { Traffic, TrafficOptions } from '../../sandbox/traffic';

export interface TrafficSettings {
  readonly requests: number;
  readonly seed: number;
}

/**
 * Seeded traffic, made once the island's engine has loaded (`generate` is
 * null until then) and after the island has rendered (a few hundred
 * milliseconds for 2,000 requests), so the page paints a "preparing" line
 * first. A failure is rethrown while rendering, where the error boundary
 * catches it.
 */
export function useTraffic(generate: ((options: TrafficOptions) => Traffic) | null, { requests, seed }: TrafficSettings): Traffic | null {
  const [state, setState] = useState<{ traffic: Traffic | null; error: Error | null }>({ traffic: null, error: null });
  useEffect(() => {
    if (!generate) return;
    const timer = setTimeout(() => {
      try {
        setState({ traffic: generate({ requests, seed }), error: null });
      } catch (error) {
        setState({ traffic: null, error: error instanceof Error ? error : new Error(String(error)) });
      }
    }, 0);
    return () => clearTimeout(timer);
  }, [generate, requests, seed]);
  if (state.error) throw state.error;
  return state.traffic;
}

/** False while the page is server-rendered or not yet hydrated: say nothing that needs JavaScript. */
export function useMounted(): boolean {
  const [mounted, setMounted] = useState(false);
  useEffect(() => setMounted(true), []);
  return mounted;
}
