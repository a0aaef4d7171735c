import { useCallback, useEffect, useRef, useState } from 'react';

/** Where an island's engine is: not asked for yet, on its way, there, or failed to arrive. */
export type EngineState<T> =
  | { readonly status: 'idle' }
  | { readonly status: 'loading' }
  | { readonly status: 'ready'; readonly engine: T }
  | { readonly status: 'failed'; readonly message: string };

export interface Engine<T> {
  readonly state: EngineState<T>;
  /** The engine, once loaded (null before). */
  readonly engine: T | null;
  /** Fetches the engine the first time (later calls share that request); resolves to it, or to null when it cannot be loaded. */
  readonly load: () => Promise<T | null>;
}

/**
 * An island's engine (the OpenTelemetry SDK, a simulator, a parser) fetched
 * with import() when the learner first runs something, so a lesson first
 * downloads only the controls. After a failed download (a dropped
 * connection) the next call tries again.
 */
export function useEngine<T>(importEngine: () => Promise<T>): Engine<T> {
  const [state, setState] = useState<EngineState<T>>({ status: 'idle' });
  const pending = useRef<Promise<T | null> | null>(null);
  const alive = useRef(true);
  useEffect(() => {
    alive.current = true;
    return () => {
      alive.current = false;
    };
  }, []);
  const importer = useRef(importEngine);
  const load = useCallback(() => {
    if (pending.current) return pending.current;
    setState((s) => (s.status === 'ready' ? s : { status: 'loading' }));
    const request = importer.current().then(
      (engine) => {
        if (alive.current) setState({ status: 'ready', engine });
        return engine;
      },
      (error: unknown) => {
        pending.current = null;
        const message = error instanceof Error ? error.message : String(error);
        if (alive.current) setState({ status: 'failed', message });
        return null;
      },
    );
    pending.current = request;
    return request;
  }, []);
  return { state, engine: state.status === 'ready' ? state.engine : null, load };
}

/** The status line while an engine loads or after it failed to; '' otherwise. */
export function engineStatus(state: EngineState<unknown>, what: string): string {
  if (state.status === 'loading') return `Loading ${what}…`;
  if (state.status === 'failed')
    return `${what[0]!.toUpperCase()}${what.slice(1)} could not be loaded (${state.message}). Check the connection and try again.`;
  return '';
}
