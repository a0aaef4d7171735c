import { type ReactNode, useId, useRef, useState } from 'react';
import type { SensitiveFinding } from '../../sandbox/redaction';
import type { RedactionLabView, RowChange } from '../../sandbox/view/redaction-view';
import { ErrorBoundary } from '../kit/ErrorBoundary';
import { engineStatus, useEngine } from '../sandbox/use-engine';
import { selectLine } from './text-area';
import { YamlField } from './YamlField';
import { YamlErrors } from './YamlErrors';
import '../sandbox/sandbox.css';
import './analysis.css';

export const DEFAULT_REDACTION_POLICY = `attributes/redact:
  actions:
    - action: delete
      key: http.request.header.authorization
    - action: hash
      key: user.email
`;

export interface RedactionLabIslandProps {
  /** The attributes-processor YAML the editor starts with. */
  policy?: string;
  /** What `policy` does to the sample spans, worked out when the site was built (redaction-engine.ts). */
  initial: RedactionLabView;
  /** Visible title and accessible name. */
  title?: string;
  /** The description the Astro wrapper renders (readable without JavaScript). */
  children?: ReactNode;
}

const CHANGE_WORDS: Record<RowChange, string> = {
  deleted: 'deleted',
  // A plain hash of an id anyone can list is reversible: say what it is.
  hashed: 'hashed (SHA-256: a pseudonym, not anonymous)',
  updated: 'updated',
  inserted: 'inserted',
  unchanged: '',
};

const KIND_WORDS: Record<SensitiveFinding['kind'], string> = {
  authorization: 'credentials',
  email: 'e-mail address',
  'card-number': 'card number',
  token: 'secret or token',
};

function Flags({ findings, still }: { findings: readonly SensitiveFinding[]; still: boolean }) {
  if (findings.length === 0) return null;
  return (
    <>
      {findings.map((f) => (
        <span key={f.kind} className="anl-flag anl-tag anl-tag-error" title={f.reason}>
          <span aria-hidden="true">⚠ </span>
          {still ? 'still ' : ''}flagged: {KIND_WORDS[f.kind]}
        </span>
      ))}
    </>
  );
}

function Lab({ policy = DEFAULT_REDACTION_POLICY, initial, title = 'Redaction lab', children }: RedactionLabIslandProps) {
  const id = useId();
  const area = useRef<HTMLTextAreaElement>(null);
  const [yaml, setYaml] = useState(policy);
  // The processor (YAML reader, RE2, SHA-256) arrives with the first Apply; until then the build's result of `policy` shows.
  const engine = useEngine(() => import('./redaction-engine'));
  const [run, setRun] = useState<{ yaml: string; result: RedactionLabView }>({ yaml: policy, result: initial });
  const apply = async (text: string) => {
    const loaded = engine.engine ?? (await engine.load());
    if (loaded) setRun({ yaml: text, result: loaded.applyRedaction(text) });
  };

  const result = run.result;
  const failed = !result.ok && run.yaml === yaml;
  const loadLine = engineStatus(engine.state, 'the attributes processor');

  return (
    <section className="anl not-content" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{title}</h3>
      {children}
      <form
        className="anl-stack"
        onSubmit={(event) => {
          event.preventDefault();
          void apply(yaml);
        }}
      >
        <YamlField
          id={id}
          label={
            <>
              <code>attributes</code> processor configuration (YAML)
            </>
          }
          value={yaml}
          onChange={setYaml}
          onRun={(text) => void apply(text)}
          failed={failed}
          rows={{ min: 8, max: 20 }}
          areaRef={area}
        >
          Actions run in order on every span: <code>delete</code> and <code>hash</code> take a <code>key</code> or a <code>pattern</code>.
          Ctrl+Enter (⌘+Enter) applies.
        </YamlField>
        <div className="anl-row">
          <button type="submit" className="kit-button kit-button-primary">
            Apply to the sample spans
          </button>
          <button
            type="button"
            className="kit-button"
            onClick={() => {
              setYaml(policy);
              setRun({ yaml: policy, result: initial });
            }}
          >
            Start again
          </button>
        </div>
      </form>
      <p className="kit-status" role="status">
        {loadLine ||
          (result.ok
            ? `${result.counts.before} sensitive ${result.counts.before === 1 ? 'value' : 'values'} before, ${result.counts.after} after the processor.`
            : `The configuration has ${result.errors.length === 1 ? 'a problem' : `${result.errors.length} problems`}, first on line ${result.errors[0]?.line}: ${result.errors[0]?.detail}`)}
      </p>
      {!result.ok ? (
        <YamlErrors
          id={`${id}-errors`}
          what="The attributes configuration"
          errors={result.errors}
          onGoToLine={(line) => selectLine(area.current, line)}
        />
      ) : result.left.length > 0 ? (
        <div className="kit-notice">
          <p>
            <strong>The check still flags:</strong>
          </p>
          <ul className="anl-errors">
            {result.left.map((f, i) => (
              <li key={i}>
                <code>{f.key}</code> on {f.span}: {f.reason}
              </li>
            ))}
          </ul>
        </div>
      ) : (
        <p className="kit-ok">No attribute is flagged any more: nothing sensitive leaves the collector in these spans.</p>
      )}
      {result.ok ? (
        <div className="anl-spans">
          {result.spans.map((view) => {
            const changed = view.changed;
            return (
              <div key={view.spanId} className="anl-span-card">
                <div className="anl-table-wrap">
                  <table className="anl-table anl-table-fixed anl-diff">
                    <caption>
                      {view.service} <code>{view.name}</code>
                      <span className="kit-muted">
                        {' '}
                        — {changed === 0 ? 'no change' : `${changed} ${changed === 1 ? 'change' : 'changes'}`}
                      </span>
                    </caption>
                    <thead>
                      <tr>
                        <th scope="col">Attribute</th>
                        <th scope="col">Before</th>
                        <th scope="col">After</th>
                      </tr>
                    </thead>
                    <tbody>
                      {view.rows.map((row) => (
                        <tr key={row.key} className={`anl-change-${row.change}`}>
                          <th scope="row">{row.key}</th>
                          <td>
                            {row.before === undefined ? (
                              <span className="kit-muted">absent</span>
                            ) : (
                              <span className="anl-val anl-val-before">{row.before}</span>
                            )}
                            <Flags findings={row.flaggedBefore} still={false} />
                          </td>
                          <td>
                            {row.after === undefined ? (
                              <span className="anl-val-after">removed</span>
                            ) : (
                              <span className="anl-val anl-val-after">{row.after}</span>
                            )}
                            {row.change !== 'unchanged' ? (
                              <span className="anl-flag anl-tag anl-tag-ok">{CHANGE_WORDS[row.change]}</span>
                            ) : null}
                            <Flags findings={row.flaggedAfter} still />
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              </div>
            );
          })}
        </div>
      ) : null}
    </section>
  );
}

export default function RedactionLabIsland(props: RedactionLabIslandProps) {
  return (
    <ErrorBoundary name={props.title ?? 'The redaction lab'}>
      <Lab {...props} />
    </ErrorBoundary>
  );
}
