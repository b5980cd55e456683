import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { LoginForm } from "@/components/auth/login-form";
import { SsoSignIn } from "@/components/auth/sso-sign-in";
import { oidcSettings } from "@/lib/auth/oidc";
import { getCurrentUser } from "@/lib/auth/session";
import { loginAction, ssoSignInAction } from "./actions";

export const metadata: Metadata = { title: "Sign in" };

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string; error?: string }> }) {
  if (await getCurrentUser()) redirect("/");
  const { callbackUrl, error } = await searchParams;
  // Only the label reaches the browser; the client secret stays in the server's configuration.
  const ssoName = oidcSettings()?.name;
  return (
    <main className="flex min-h-dvh items-center justify-center px-4">
      <div className="w-full max-w-sm rounded-2xl border border-zinc-200 bg-white p-8 shadow-sm dark:border-zinc-800 dark:bg-zinc-900">
        <h1 className="text-2xl font-semibold tracking-tight">Sign in to Enclave</h1>
        <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">Answers from your organisation&apos;s own knowledge.</p>
        {ssoName ? <SsoSignIn action={ssoSignInAction} name={ssoName} callbackUrl={callbackUrl} hasFailed={!!error} /> : null}
        <LoginForm action={loginAction} callbackUrl={callbackUrl} />
      </div>
    </main>
  );
}
