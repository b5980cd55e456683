import "server-only";
import { CredentialsSignin } from "next-auth";
import { z } from "zod";
import { recordAuditEvent } from "@/lib/db/audit";
import { getUserByEmail, normaliseEmail, recordLogin } from "@/lib/db/users";
import { hashPassword, verifyPassword } from "./password";
import { clientIp } from "./request";
import { isSignInThrottled } from "./throttle";

// Checked against when the account does not exist, so a wrong e-mail costs as long as a wrong password
// and response times do not reveal which accounts exist.
let dummyHash: Promise<string> | undefined;

export interface SignedInUser {
  id: string;
  email: string;
  name: string | null;
  sessionVersion: number;
}

export type PasswordSignIn = { status: "ok"; user: SignedInUser } | { status: "invalid" | "throttled" };

/** Verifies an e-mail and password; failures do not say whether the account exists. */
export async function authenticateWithPassword(rawEmail: string, password: string, ip: string | null): Promise<PasswordSignIn> {
  const email = normaliseEmail(rawEmail).slice(0, 320);
  const user = await getUserByEmail(email);
  if (await isSignInThrottled(email, ip, user?.lastLoginAt)) {
    // The password is not even checked: a throttled guess teaches the attacker nothing.
    await recordAuditEvent({ action: "auth.sign_in_throttled", actor: user ? { id: user.id, email: user.email } : null, ip, details: { email } });
    return { status: "throttled" };
  }
  const isUsable = user && user.passwordHash && !user.disabledAt;
  dummyHash ??= hashPassword("enclave-timing-equaliser");
  const isValid = await verifyPassword(isUsable ? user.passwordHash! : await dummyHash, password);
  if (!user || !isUsable || !isValid) {
    const reason = !user ? "unknown_account" : user.disabledAt ? "disabled" : !user.passwordHash ? "no_password" : "bad_password";
    await recordAuditEvent({ action: "auth.sign_in_failed", actor: user ? { id: user.id, email: user.email } : null, ip, details: { email, reason } });
    return { status: "invalid" };
  }
  await recordLogin(user.id);
  await recordAuditEvent({ action: "auth.sign_in", actor: { id: user.id, email: user.email }, ip, details: { method: "password" } });
  return { status: "ok", user: { id: user.id, email: user.email, name: user.name, sessionVersion: user.sessionVersion } };
}

/** Tells the login form that this sign-in was refused for too many recent failures (Auth.js passes `code` on). */
export class ThrottledSignIn extends CredentialsSignin {
  override code = "throttled";
}

const credentialsSchema = z.object({ email: z.email().max(320), password: z.string().min(1).max(1024) });

/** The Credentials provider's `authorize`: the user to sign in, null for a generic failure, or ThrottledSignIn. */
export async function authorizeCredentials(raw: unknown, request: Request) {
  const parsed = credentialsSchema.safeParse(raw);
  if (!parsed.success) return null;
  const result = await authenticateWithPassword(parsed.data.email, parsed.data.password, clientIp(request.headers));
  if (result.status === "throttled") throw new ThrottledSignIn();
  if (result.status !== "ok") return null;
  const { user } = result;
  return { id: user.id, email: user.email, name: user.name, sessionVersion: user.sessionVersion };
}
