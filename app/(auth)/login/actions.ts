"use server";

import { AuthError } from "next-auth";
import { redirect } from "next/navigation";
import { signIn } from "@/lib/auth/config";
import { oidcSettings } from "@/lib/auth/oidc";
import { loginSchema, safeCallbackUrl, type LoginState } from "./schema";

/** Signs in with e-mail and password; with ssoSignInAction, the only server actions outside the authorizing gate. */
export async function loginAction(_previous: LoginState, formData: FormData): Promise<LoginState> {
  const parsed = loginSchema.safeParse({
    email: formData.get("email"),
    password: formData.get("password"),
    callbackUrl: formData.get("callbackUrl") ?? undefined,
  });
  const email = String(formData.get("email") ?? "").slice(0, 320);
  if (!parsed.success) return { status: "invalid_input", message: "Enter your e-mail address and password.", email };
  try {
    await signIn("credentials", {
      email: parsed.data.email,
      password: parsed.data.password,
      redirectTo: safeCallbackUrl(parsed.data.callbackUrl),
    });
  } catch (error) {
    // A successful sign-in throws Next's redirect, which must propagate; only Auth.js failures are answers.
    if (error instanceof AuthError && (error as { code?: string }).code === "throttled") {
      return { status: "throttled", message: "Too many failed attempts. Wait 15 minutes, or ask an admin to reset your password.", email };
    }
    if (error instanceof AuthError) {
      return { status: "invalid_credentials", message: "That e-mail address and password do not match an active account.", email };
    }
    throw error;
  }
  return { status: "idle" };
}

/** Starts single sign-on: off to the IdP, which sends the browser back to /api/auth/callback/oidc. */
export async function ssoSignInAction(formData: FormData): Promise<void> {
  const raw = formData.get("callbackUrl");
  const callbackUrl = safeCallbackUrl(typeof raw === "string" && raw.length <= 2048 ? raw : undefined);
  try {
    if (oidcSettings()) await signIn("oidc", { redirectTo: callbackUrl });
  } catch (error) {
    // Success throws Next's redirect to the IdP, which must propagate; an unreachable IdP is an Auth.js error
    // (logged by Auth.js) and gets the login page's generic message.
    if (!(error instanceof AuthError)) throw error;
  }
  redirect(`/login?${new URLSearchParams({ error: "Configuration", ...(callbackUrl === "/" ? {} : { callbackUrl }) })}`);
}
