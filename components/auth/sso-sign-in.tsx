"use client";

import { useFormStatus } from "react-dom";
import { Button } from "@/components/ui/button";

type SsoAction = (formData: FormData) => Promise<void>;

/**
 * The single sign-on button, above the password form. `hasFailed` (the IdP round trip came back with an error)
 * shows one message for every cause, so it never tells whether an account exists or why it was refused.
 */
export function SsoSignIn({ action, name, callbackUrl, hasFailed }: { action: SsoAction; name: string; callbackUrl?: string; hasFailed: boolean }) {
  return (
    <div className="mt-6 space-y-4">
      {hasFailed ? (
        <p role="alert" className="text-sm text-red-700 dark:text-red-400" data-testid="login-sso-error">
          Signing in with {name} did not work. Try again, or ask an administrator for access.
        </p>
      ) : null}
      <form action={action}>
        {callbackUrl ? <input type="hidden" name="callbackUrl" value={callbackUrl} /> : null}
        <SsoButton name={name} />
      </form>
      <p className="flex items-center gap-3 text-xs text-zinc-500 dark:text-zinc-400 before:h-px before:flex-1 before:bg-zinc-200 after:h-px after:flex-1 after:bg-zinc-200 dark:before:bg-zinc-800 dark:after:bg-zinc-800">
        or with your e-mail and password
      </p>
    </div>
  );
}

function SsoButton({ name }: { name: string }) {
  const { pending } = useFormStatus();
  return (
    <Button type="submit" variant="secondary" disabled={pending} className="w-full py-2.5 text-base" data-testid="login-sso">
      {pending ? "Redirecting…" : `Sign in with ${name}`}
    </Button>
  );
}
