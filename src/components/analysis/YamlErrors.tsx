import type { ConfigError } from '../../sandbox/tail-sampling/collector-yaml';

interface Props {
  id: string;
  /** What was being read, e.g. "The tail_sampling configuration". */
  what: string;
  errors: readonly ConfigError[];
  /** Moves the caret to a line of the text area. */
  onGoToLine: (line: number) => void;
}

/** Configuration errors as the collector reports them: line, field path, problem and fix. */
export function YamlErrors({ id, what, errors, onGoToLine }: Props) {
  return (
    <div id={id} className="kit-alert" role="alert">
      <p>
        <strong>
          {what} has {errors.length === 1 ? 'a problem' : `${errors.length} problems`}:
        </strong>
      </p>
      <ul className="anl-errors">
        {errors.map((error, i) => (
          <li key={i}>
            <button type="button" className="kit-link-button" onClick={() => onGoToLine(error.line)}>
              Line {error.line}, column {error.column}
            </button>
            {error.path ? (
              <>
                {' '}
                <code>{error.path}</code>
              </>
            ) : null}
            : {error.detail}
          </li>
        ))}
      </ul>
    </div>
  );
}
