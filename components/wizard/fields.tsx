'use client';
// Form fields of the creation wizard. Each ties its label, its hint and its error together
// (aria-describedby), says when it is invalid (aria-invalid), and announces a new error
// politely, so the message next to the field is also what a screen reader hears.
import type { ReactNode } from 'react';

export const domId = (field: string) => `f-${field.replace(/[^A-Za-z0-9]+/g, '-')}`;

const INPUT =
  'w-full rounded-md border bg-white px-2.5 py-1.5 text-sm shadow-xs outline-none focus-visible:ring-2 focus-visible:ring-sky-500 disabled:opacity-60 dark:bg-zinc-900';
const OK_BORDER = 'border-zinc-300 dark:border-zinc-700';
const BAD_BORDER = 'border-red-500 dark:border-red-500';

interface Common {
  field: string;
  label: string;
  hint?: ReactNode;
  error?: string | null;
  className?: string;
}

function describedBy(field: string, hint: boolean, error: boolean): string | undefined {
  const ids = [hint ? `${domId(field)}-hint` : '', error ? `${domId(field)}-error` : ''].filter(Boolean);
  return ids.length ? ids.join(' ') : undefined;
}

export function FieldMessage({ field, error }: { field: string; error?: string | null }) {
  return (
    <p id={`${domId(field)}-error`} aria-live="polite" className="min-h-0 text-xs text-red-700 empty:hidden dark:text-red-400">
      {error ?? ''}
    </p>
  );
}

function Hint({ field, hint }: { field: string; hint?: ReactNode }) {
  if (!hint) return null;
  return (
    <p id={`${domId(field)}-hint`} className="text-xs text-zinc-500 dark:text-zinc-400">
      {hint}
    </p>
  );
}

export function TextField({
  field,
  label,
  hint,
  error,
  className = '',
  value,
  onChange,
  onBlur,
  placeholder,
  mono,
  inputMode,
  autoFocus,
}: Common & {
  value: string;
  onChange: (v: string) => void;
  onBlur?: () => void;
  placeholder?: string;
  mono?: boolean;
  inputMode?: 'text' | 'numeric' | 'decimal';
  autoFocus?: boolean;
}) {
  const id = domId(field);
  return (
    <div className={`space-y-1 ${className}`}>
      <label htmlFor={id} className="block text-sm font-medium">
        {label}
      </label>
      <input
        id={id}
        type="text"
        value={value}
        placeholder={placeholder}
        inputMode={inputMode}
        autoFocus={autoFocus}
        spellCheck={false}
        autoComplete="off"
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(field, !!hint, !!error)}
        onChange={(e) => onChange(e.target.value)}
        onBlur={onBlur}
        className={`${INPUT} ${error ? BAD_BORDER : OK_BORDER} ${mono ? 'font-mono' : ''}`}
      />
      <Hint field={field} hint={hint} />
      <FieldMessage field={field} error={error} />
    </div>
  );
}

export function TextArea({
  field,
  label,
  hint,
  error,
  className = '',
  value,
  onChange,
  onBlur,
  rows = 4,
  placeholder,
}: Common & { value: string; onChange: (v: string) => void; onBlur?: () => void; rows?: number; placeholder?: string }) {
  const id = domId(field);
  return (
    <div className={`space-y-1 ${className}`}>
      <label htmlFor={id} className="block text-sm font-medium">
        {label}
      </label>
      <textarea
        id={id}
        rows={rows}
        value={value}
        placeholder={placeholder}
        spellCheck={false}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(field, !!hint, !!error)}
        onChange={(e) => onChange(e.target.value)}
        onBlur={onBlur}
        className={`${INPUT} ${error ? BAD_BORDER : OK_BORDER} font-mono text-xs`}
      />
      <Hint field={field} hint={hint} />
      <FieldMessage field={field} error={error} />
    </div>
  );
}

export function SelectField({
  field,
  label,
  hint,
  error,
  className = '',
  value,
  onChange,
  options,
  placeholder,
}: Common & {
  value: string;
  onChange: (v: string) => void;
  options: { value: string; label: string; disabled?: boolean }[];
  placeholder?: string;
}) {
  const id = domId(field);
  return (
    <div className={`space-y-1 ${className}`}>
      <label htmlFor={id} className="block text-sm font-medium">
        {label}
      </label>
      <select
        id={id}
        value={value}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(field, !!hint, !!error)}
        onChange={(e) => onChange(e.target.value)}
        className={`${INPUT} ${error ? BAD_BORDER : OK_BORDER}`}
      >
        {placeholder !== undefined && <option value="">{placeholder}</option>}
        {options.map((o) => (
          <option key={o.value} value={o.value} disabled={o.disabled}>
            {o.label}
          </option>
        ))}
      </select>
      <Hint field={field} hint={hint} />
      <FieldMessage field={field} error={error} />
    </div>
  );
}

export function CheckboxField({
  field,
  label,
  hint,
  error,
  className = '',
  checked,
  onChange,
}: Common & { checked: boolean; onChange: (v: boolean) => void }) {
  const id = domId(field);
  return (
    <div className={`space-y-1 ${className}`}>
      <div className="flex items-start gap-2">
        <input
          id={id}
          type="checkbox"
          checked={checked}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy(field, !!hint, !!error)}
          onChange={(e) => onChange(e.target.checked)}
          className="mt-0.5 h-4 w-4 rounded border-zinc-300 accent-zinc-900 dark:accent-zinc-100"
        />
        <label htmlFor={id} className="text-sm font-medium">
          {label}
        </label>
      </div>
      <div className="pl-6">
        <Hint field={field} hint={hint} />
        <FieldMessage field={field} error={error} />
      </div>
    </div>
  );
}

/** A group of radio choices drawn as cards, each with a line of description. */
export function RadioCards<T extends string>({
  field,
  legend,
  value,
  onChange,
  options,
  error,
  columns = 1,
}: {
  field: string;
  legend: string;
  value: T;
  onChange: (v: T) => void;
  options: { value: T; label: string; description?: ReactNode; disabled?: boolean }[];
  error?: string | null;
  columns?: 1 | 2 | 3;
}) {
  const name = domId(field);
  const cols = { 1: '', 2: 'sm:grid-cols-2', 3: 'sm:grid-cols-3' }[columns];
  return (
    <fieldset className="space-y-2" aria-describedby={error ? `${name}-error` : undefined} aria-invalid={error ? true : undefined}>
      <legend className="mb-1 text-sm font-medium">{legend}</legend>
      <div className={`grid gap-2 ${cols}`}>
        {options.map((o) => {
          const id = `${name}-${o.value.replace(/[^A-Za-z0-9]+/g, '-')}`;
          const selected = o.value === value;
          return (
            <label
              key={o.value}
              htmlFor={id}
              className={`flex cursor-pointer gap-2.5 rounded-md border px-3 py-2 text-sm transition-colors has-[:focus-visible]:ring-2 has-[:focus-visible]:ring-sky-500 ${
                selected
                  ? 'border-zinc-900 bg-zinc-50 dark:border-zinc-300 dark:bg-zinc-800/60'
                  : 'border-zinc-200 hover:bg-zinc-50 dark:border-zinc-700 dark:hover:bg-zinc-800/40'
              } ${o.disabled ? 'cursor-not-allowed opacity-55' : ''}`}
            >
              <input
                id={id}
                type="radio"
                name={name}
                value={o.value}
                checked={selected}
                disabled={o.disabled}
                aria-describedby={o.description ? `${id}-desc` : undefined}
                onChange={() => onChange(o.value)}
                // its own size, at the top: a flex child stretches to the card's height by default,
                // and the focus ring followed it into a tall oval. The card's ring shows focus
                // (has-[:focus-visible]), so the input draws none of its own inside it.
                className="mt-0.5 size-4 shrink-0 self-start accent-zinc-900 focus-visible:outline-none dark:accent-zinc-100"
              />
              <span>
                <span className="font-medium">{o.label}</span>
                {o.description && (
                  <span id={`${id}-desc`} className="mt-0.5 block text-xs text-zinc-500 dark:text-zinc-400">
                    {o.description}
                  </span>
                )}
              </span>
            </label>
          );
        })}
      </div>
      <FieldMessage field={field} error={error} />
    </fieldset>
  );
}

export function Section({ title, description, children }: { title: string; description?: ReactNode; children: ReactNode }) {
  return (
    <section className="space-y-3">
      <div>
        <h3 className="text-sm font-semibold">{title}</h3>
        {description && <p className="text-xs text-zinc-500 dark:text-zinc-400">{description}</p>}
      </div>
      {children}
    </section>
  );
}
