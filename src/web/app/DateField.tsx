/**
 * A labelled date field of a filter form: the `.field` wrapper, its label, the `<input type="date">`, and the
 * field's own error said beside it as an alert (the input then invalid and described by it).
 */
import type { InputHTMLAttributes, ReactNode } from 'react';

type OwnInputProps = 'id' | 'name' | 'type' | 'value' | 'onChange' | 'min' | 'max' | 'aria-invalid' | 'aria-describedby' | 'children';

export interface DateFieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, OwnInputProps> {
  id: string;
  name: string;
  label: ReactNode;
  /** `YYYY-MM-DD`, or '' when empty. */
  value: string;
  /** The value typed ('' when cleared). */
  onChange: (value: string) => void;
  min?: string;
  max?: string;
  /** The field's own error, shown as an alert paragraph beside it; nothing when empty. */
  error?: string | null;
  /** The id of that paragraph; `${id}-error` by default. */
  errorId?: string;
  /** Another reason the value is wrong (e.g. the dates in the wrong order, said elsewhere). */
  invalid?: boolean;
  /** Other ids that describe the input (a hint, a message said after the field), after the error's. */
  describedBy?: string;
  /** Shown inside the field, after the error (e.g. a message about this field and another). */
  children?: ReactNode;
}

export function DateField({ id, name, label, value, onChange, min, max, error, errorId, invalid, describedBy, children, ...inputProps }: DateFieldProps) {
  const errId = errorId ?? `${id}-error`;
  const described = [error ? errId : null, describedBy || null].filter(Boolean).join(' ') || undefined;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        {...inputProps}
        id={id}
        name={name}
        type="date"
        min={min}
        max={max}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={!!error || invalid || undefined}
        aria-describedby={described}
      />
      {error && (
        <p id={errId} className="field-error" role="alert">
          {error}
        </p>
      )}
      {children}
    </div>
  );
}
