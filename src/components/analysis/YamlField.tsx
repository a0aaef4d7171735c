import type { ReactNode, Ref } from 'react';
import { isRunShortcut } from './text-area';

interface YamlFieldProps {
  id: string;
  label: ReactNode;
  value: string;
  onChange: (text: string) => void;
  /** Ctrl+Enter (⌘+Enter) applies the text without leaving the field. */
  onRun: (text: string) => void;
  failed: boolean;
  rows: { min: number; max: number };
  areaRef?: Ref<HTMLTextAreaElement>;
  /** The hint under the field; its id is `${id}-keys`. */
  children: ReactNode;
}

/** A collector-configuration textarea: grows with its text, marks itself invalid, points at the errors. */
export function YamlField({ id, label, value, onChange, onRun, failed, rows, areaRef, children }: YamlFieldProps) {
  return (
    <div>
      <label className="anl-label" htmlFor={`${id}-yaml`}>
        {label}
      </label>
      <textarea
        className="kit-field kit-field-code"
        ref={areaRef ?? null}
        id={`${id}-yaml`}
        rows={Math.min(rows.max, Math.max(rows.min, value.split('\n').length + 1))}
        spellcheck={false}
        autoCapitalize="off"
        autoComplete="off"
        value={value}
        aria-invalid={failed}
        aria-describedby={failed ? `${id}-errors` : `${id}-keys`}
        onChange={(event) => onChange(event.currentTarget.value)}
        onKeyDown={(event) => {
          if (isRunShortcut(event)) {
            event.preventDefault();
            onRun(value);
          }
        }}
      />
      <p className="anl-hint" id={`${id}-keys`}>
        {children}
      </p>
    </div>
  );
}
