import type { ReactNode } from 'react';

interface NumberFieldProps {
  id: string;
  label: ReactNode;
  unit: string;
  value: string;
  onChange: (text: string) => void;
  /** The validation message for this field, or null when it is fine. */
  error: string | null;
  hint?: ReactNode;
}

/** A labelled number input kept as text, so a half-typed value is not thrown away; errors sit under it. */
export function NumberField({ id, label, unit, value, onChange, error, hint }: NumberFieldProps) {
  const describedBy = error ? `${id}-error` : hint ? `${id}-hint` : undefined;
  return (
    <div>
      <label className="anl-label" htmlFor={id}>
        {label} <span className="anl-unit">({unit})</span>
      </label>
      <input
        className="kit-field"
        id={id}
        type="text"
        inputMode="decimal"
        value={value}
        aria-invalid={error !== null}
        aria-describedby={describedBy}
        onChange={(event) => onChange(event.currentTarget.value)}
      />
      {error ? (
        <p id={`${id}-error`} className="anl-field-error">
          {error}
        </p>
      ) : hint ? (
        <p id={`${id}-hint`} className="anl-hint">
          {hint}
        </p>
      ) : null}
    </div>
  );
}
