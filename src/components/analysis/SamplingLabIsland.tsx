import { type KeyboardEvent, type ReactNode, useEffect, useId, useRef, useState } from 'react';
import type { TailSamplingRun } from '../../sandbox/tail-sampling/simulate';
import { formatCount } from '../../shared/format';
import { ErrorBoundary } from '../kit/ErrorBoundary';
import { engineStatus, useEngine } from '../sandbox/use-engine';
import { HeadSamplingPanel } from './HeadSamplingPanel';
import { DEFAULT_TAIL_POLICY, TailSamplingPanel } from './TailSamplingPanel';
import { useMounted, useTraffic } from './use-traffic';
import '../sandbox/sandbox.css';
import './analysis.css';

export interface SamplingLabIslandProps {
  /** Simulated requests for tail sampling and the comparison. Default 2,000. */
  requests?: number;
  /** Requests in the head-sampling demonstration. Default 200. */
  headRequests?: number;
  /** Seed of the traffic. Default 7. */
  seed?: number;
  /** The tail_sampling YAML the editor starts with. */
  policy?: string;
  /** Visible title and accessible name. */
  title?: string;
  /** The description the Astro wrapper renders (readable without JavaScript). */
  children?: ReactNode;
}

const TABS = [
  { key: 'head', label: 'Head sampling' },
  { key: 'tail', label: 'Tail sampling' },
  { key: 'compare', label: 'Compare strategies' },
] as const;
type Tab = (typeof TABS)[number]['key'];

/** The slow threshold as typed: a whole number of milliseconds, or a message. */
function readSlow(text: string): { ms: number } | { problem: string } {
  const trimmed = text.trim();
  if (!/^\d+$/.test(trimmed)) return { problem: 'Use a whole number of milliseconds, e.g. 500.' };
  const ms = Number(trimmed);
  return ms > 0 ? { ms } : { problem: 'Use a threshold above 0 ms.' };
}

function Lab({
  requests = 2000,
  headRequests = 200,
  seed = 7,
  policy = DEFAULT_TAIL_POLICY,
  title = 'Sampling lab',
  children,
}: SamplingLabIslandProps) {
  const id = useId();
  const mounted = useMounted();
  // The samplers, the simulator and the YAML reader arrive with the first simulation or the first look at
  // the tail-sampling or comparison tab.
  const engine = useEngine(() => import('./sampling-engine'));
  const lab = engine.engine;
  const traffic = useTraffic(lab?.generateTraffic ?? null, { requests, seed });
  const [tab, setTab] = useState<Tab>('head');
  const [yaml, setYaml] = useState(policy);
  const [slowText, setSlowText] = useState('500');
  const [tailRun, setTailRun] = useState<{ yaml: string; result: TailSamplingRun } | null>(null);
  const tabRefs = useRef<(HTMLButtonElement | null)[]>([]);

  const slow = readSlow(slowText);
  const slowMs = 'ms' in slow ? slow.ms : 500;

  const applyTail = (text: string) => {
    if (!traffic || !lab) return;
    setTailRun({ yaml: text, result: lab.runTailSampling(text, traffic.spans, { slowThresholdMs: slowMs }) });
  };

  // A tab clicked while the island was still loading did nothing then, but the
  // browser focused it (the server-rendered button is the same element Preact
  // hydrates): open that tab now instead of losing the click.
  useEffect(() => {
    const clicked = tabRefs.current.findIndex((el) => el !== null && el === document.activeElement);
    if (clicked >= 0) setTab(TABS[clicked]!.key);
  }, []);

  // The tail-sampling and comparison tabs show results at once: opening one loads the simulator.
  const { load } = engine;
  useEffect(() => {
    if (tab !== 'head') void load();
  }, [tab, load]);

  // The starting policy runs once the traffic exists, and the last policy run again when the slow threshold
  // changes (an edit of the YAML waits for Apply).
  // The ref holds this render's callback, so the effect reads the current policy and threshold without
  // rerunning when only the YAML text changes.
  const rerunTail = useRef(() => {});
  rerunTail.current = () => applyTail(tailRun?.yaml ?? yaml);
  useEffect(() => {
    if (traffic && lab) rerunTail.current();
  }, [traffic, lab, slowMs]);

  const onTabKey = (event: KeyboardEvent<HTMLButtonElement>, index: number) => {
    const last = TABS.length - 1;
    const next =
      event.key === 'ArrowRight'
        ? index === last
          ? 0
          : index + 1
        : event.key === 'ArrowLeft'
          ? index === 0
            ? last
            : index - 1
          : event.key === 'Home'
            ? 0
            : event.key === 'End'
              ? last
              : -1;
    if (next < 0) return;
    event.preventDefault();
    setTab(TABS[next]!.key);
    tabRefs.current[next]?.focus();
  };

  return (
    <section className="anl not-content" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{title}</h3>
      {children}
      <div role="tablist" aria-label="Sampling lab sections" className="anl-tabs">
        {TABS.map((t, i) => (
          <button
            key={t.key}
            ref={(el) => {
              tabRefs.current[i] = el;
            }}
            type="button"
            role="tab"
            id={`${id}-tab-${t.key}`}
            aria-selected={tab === t.key}
            aria-controls={`${id}-panel-${t.key}`}
            tabIndex={tab === t.key ? 0 : -1}
            className="anl-tab"
            onClick={() => setTab(t.key)}
            onKeyDown={(event) => onTabKey(event, i)}
          >
            {t.label}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`${id}-panel-${tab}`} aria-labelledby={`${id}-tab-${tab}`} className="anl-tabpanel">
        {tab === 'head' ? (
          mounted ? (
            <HeadSamplingPanel
              requests={headRequests}
              simulate={lab?.simulateHeadSampling ?? null}
              onStart={() => void load()}
              busy={engine.state.status === 'loading'}
              engineLine={engineStatus(engine.state, 'the sampling simulator')}
            />
          ) : null
        ) : !traffic || !lab ? (
          <p className="kit-status" role="status">
            {engineStatus(engine.state, 'the sampling simulator') || `Preparing ${formatCount(requests)} simulated requests…`}
          </p>
        ) : tab === 'tail' ? (
          <TailSamplingPanel
            traffic={traffic}
            yaml={yaml}
            onYamlChange={setYaml}
            slowText={slowText}
            onSlowChange={setSlowText}
            slowProblem={'problem' in slow ? slow.problem : undefined}
            run={tailRun}
            onRun={applyTail}
          />
        ) : (
          <lab.StrategyComparePanel traffic={traffic} yaml={yaml} slowMs={slowMs} />
        )}
      </div>
    </section>
  );
}

export default function SamplingLabIsland(props: SamplingLabIslandProps) {
  return (
    <ErrorBoundary name={props.title ?? 'The sampling lab'}>
      <Lab {...props} />
    </ErrorBoundary>
  );
}
