"use client";

import { useActionState } from "react";

export type LoginState =
  | { status: "idle" }
  // The e-mail comes back so the form, which React resets after every submission, keeps it.
  | { status: "invalid_input" | "invalid_credentials" | "throttled"; message: string; email: string };

const initialState: LoginState = { status: "idle" };

type LoginAction = (previous: LoginState, formData: FormData) => Promise<LoginState>;

export function LoginForm({ action, callbackUrl }: { action: LoginAction; callbackUrl?: string }) {
  const [state, formAction, isPending] = useActionState(action, initialState);
  return (
    <form action={formAction} className="mt-6 space-y-4" data-testid="login-form">
      {callbackUrl ? <input type="hidden" name="callbackUrl" value={callbackUrl} /> : null}
      <label className="block text-sm font-medium">
        E-mail
        <input
          name="email"
          type="email"
          autoComplete="username"
          required
          defaultValue={state.status === "idle" ? undefined : state.email}
          className="mt-1 block w-full rounded-lg border border-zinc-300 bg-white px-3 py-2 text-base dark:border-zinc-700 dark:bg-zinc-950"
          data-testid="login-email"
        />
      </label>
      <label className="block text-sm font-medium">
        Password
        <input
          name="password"
          type="password"
          autoComplete="current-password"
          required
          className="mt-1 block w-full rounded-lg border border-zinc-300 bg-white px-3 py-2 text-base dark:border-zinc-700 dark:bg-zinc-950"
          data-testid="login-password"
        />
      </label>
      {state.status !== "idle" ? (
        <p role="alert" className="text-sm text-red-700 dark:text-red-400" data-testid="login-error">
          {state.message}
        </p>
      ) : null}
      <button
        type="submit"
        disabled={isPending}
        className="w-full rounded-lg bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700 disabled:opacity-60"
        data-testid="login-submit"
      >
        {isPending ? "Signing in…" : "Sign in"}
      </button>
    </form>
  );
}
