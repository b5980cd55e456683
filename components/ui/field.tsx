import type { InputHTMLAttributes, ReactNode, SelectHTMLAttributes, TextareaHTMLAttributes } from "react";

export const inputClass =
  "mt-1 block w-full rounded-lg border border-zinc-300 bg-white px-3 py-2 text-sm dark:border-zinc-700 dark:bg-zinc-950 aria-[invalid=true]:border-red-600";

interface FieldProps {
  label: string;
  name: string;
  errors?: string[];
  hint?: ReactNode;
}

function FieldFrame({ label, name, errors, hint, children }: FieldProps & { children: ReactNode }) {
  return (
    <div>
      <label htmlFor={name} className="block text-sm font-medium">
        {label}
      </label>
      {children}
      {hint ? <p className="mt-1 text-xs text-zinc-500 dark:text-zinc-400">{hint}</p> : null}
      {errors?.length ? (
        <p id={`${name}-error`} className="mt-1 text-xs text-red-700 dark:text-red-400">
          {errors.join(" ")}
        </p>
      ) : null}
    </div>
  );
}

/** A labelled input with its validation messages. */
export function TextField({ label, name, errors, hint, ...input }: FieldProps & InputHTMLAttributes<HTMLInputElement>) {
  return (
    <FieldFrame label={label} name={name} errors={errors} hint={hint}>
      <input id={name} name={name} className={inputClass} aria-invalid={!!errors?.length} aria-describedby={errors?.length ? `${name}-error` : undefined} {...input} />
    </FieldFrame>
  );
}

export function TextAreaField({ label, name, errors, hint, ...input }: FieldProps & TextareaHTMLAttributes<HTMLTextAreaElement>) {
  return (
    <FieldFrame label={label} name={name} errors={errors} hint={hint}>
      <textarea id={name} name={name} className={inputClass} aria-invalid={!!errors?.length} {...input} />
    </FieldFrame>
  );
}

export function SelectField({ label, name, errors, hint, children, ...select }: FieldProps & SelectHTMLAttributes<HTMLSelectElement>) {
  return (
    <FieldFrame label={label} name={name} errors={errors} hint={hint}>
      <select id={name} name={name} className={inputClass} aria-invalid={!!errors?.length} {...select}>
        {children}
      </select>
    </FieldFrame>
  );
}
