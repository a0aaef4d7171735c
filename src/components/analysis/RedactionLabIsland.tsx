import { type ReactNode, useId, useMemo, useRef, useState } from 'react';
import { type RedactionRun, runRedaction, type SensitiveFinding } from '../../sandbox/redaction';
import { redactionSampleSpans } from '../../sandbox/view/redaction-sample';
import { attributeRows, countFindings, redactionChecks, type RowChange } from '../../sandbox/view/redaction-view';
import { ErrorBoundary } from '../kit/ErrorBoundary';
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

function Lab({ policy = DEFAULT_REDACTION_POLICY, title = 'Redaction lab', children }: RedactionLabIslandProps) {
  const id = useId();
  const area = useRef<HTMLTextAreaElement>(null);
  const spans = useMemo(() => redactionSampleSpans(), []);
  const [yaml, setYaml] = useState(policy);
  const [run, setRun] = useState<{ yaml: string; result: RedactionRun }>(() => ({ yaml: policy, result: runRedaction(policy, spans) }));
  const apply = (text: string) => setRun({ yaml: text, result: runRedaction(text, spans) });

  const result = run.result;
  const checks = useMemo(() => (result.ok ? redactionChecks(spans, result.views) : []), [spans, result]);
  const counts = countFindings(checks);
  const failed = !result.ok && run.yaml === yaml;
  const left = checks.flatMap((c) => c.after.map((f) => ({ ...f, span: `${c.service} ${c.name}` })));

  return (
    <section className="anl not-content" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{title}</h3>
      {children}
      <form
        className="anl-stack"
        onSubmit={(event) => {
          event.preventDefault();
          apply(yaml);
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
          onRun={apply}
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
              apply(policy);
            }}
          >
            Start again
          </button>
        </div>
      </form>
      <p className="kit-status" role="status">
        {result.ok
          ? `${counts.before} sensitive ${counts.before === 1 ? 'value' : 'values'} before, ${counts.after} after the processor.`
          : `The configuration has ${result.errors.length === 1 ? 'a problem' : `${result.errors.length} problems`}, first on line ${result.errors[0]?.line}: ${result.errors[0]?.detail}`}
      </p>
      {!result.ok ? (
        <YamlErrors
          id={`${id}-errors`}
          what="The attributes configuration"
          errors={result.errors}
          onGoToLine={(line) => selectLine(area.current, line)}
        />
      ) : left.length > 0 ? (
        <div className="kit-notice">
          <p>
            <strong>The check still flags:</strong>
          </p>
          <ul className="anl-errors">
            {left.map((f, i) => (
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
          {result.views.map((view) => {
            const check = checks.find((c) => c.spanId === view.spanId);
            const changed = view.changes.length;
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
                      {attributeRows(view).map((row) => (
                        <tr key={row.key} className={`anl-change-${row.change}`}>
                          <th scope="row">{row.key}</th>
                          <td>
                            {row.before === undefined ? (
                              <span className="kit-muted">absent</span>
                            ) : (
                              <span className="anl-val anl-val-before">{row.before}</span>
                            )}
                            <Flags findings={check?.before.filter((f) => f.key === row.key) ?? []} still={false} />
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
                            <Flags findings={check?.after.filter((f) => f.key === row.key) ?? []} still />
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
