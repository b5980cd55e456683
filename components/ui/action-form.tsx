"use client";

import { useActionState, type ReactNode } from "react";
import { FormMessage } from "./form-message";
import { RevealOnce } from "./reveal-once";

export interface ActionState {
  status: string;
  message?: string;
  fieldErrors?: Record<string, string[]>;
  data?: unknown;
}

type FormAction = (previous: ActionState | null, formData: FormData) => Promise<ActionState>;

interface ActionFormProps {
  action: FormAction;
  children: ReactNode;
  /** Asked with the browser's confirm dialog before submitting (destructive actions). */
  confirmText?: string;
  className?: string;
  testId?: string;
}

/** A form bound to a server action, showing its outcome: the message, field errors, and any value to reveal once. */
export function ActionForm({ action, children, confirmText, className, testId }: ActionFormProps) {
  const [state, formAction, isPending] = useActionState(action, null);
  const reveal = (state?.data as { reveal?: { label: string; value: string } } | undefined)?.reveal;
  const fieldErrors = Object.entries(state?.fieldErrors ?? {});
  return (
    <form
      action={formAction}
      className={className}
      data-testid={testId}
      aria-busy={isPending}
      onSubmit={(event) => {
        if (confirmText && !window.confirm(confirmText)) event.preventDefault();
      }}
    >
      <fieldset disabled={isPending} className="contents">
        {children}
      </fieldset>
      {fieldErrors.length ? (
        <ul className="text-xs text-red-700 dark:text-red-400" data-testid="form-field-errors">
          {fieldErrors.map(([field, errors]) => (
            <li key={field}>
              {field}: {errors.join(" ")}
            </li>
          ))}
        </ul>
      ) : null}
      <FormMessage state={state} />
      {state?.status === "ok" && reveal ? <RevealOnce label={reveal.label} value={reveal.value} /> : null}
    </form>
  );
}
