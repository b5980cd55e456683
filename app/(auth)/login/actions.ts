"use server";

import { AuthError } from "next-auth";
import { signIn } from "@/lib/auth/config";
import { loginSchema, safeCallbackUrl, type LoginState } from "./schema";

/** Signs in with e-mail and password; the only server action outside the authorizing gate. */
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
    if (error instanceof AuthError) {
      return { status: "invalid_credentials", message: "That e-mail address and password do not match an active account.", email };
    }
    throw error;
  }
  return { status: "idle" };
}
