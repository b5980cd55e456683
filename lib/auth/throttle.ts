import "server-only";
import { db } from "@/lib/db/client";

// Sign-in throttling counts recent failures straight from the audit log (every failure is recorded there anyway),
// so it holds across app processes and restarts without a table of its own.

export const THROTTLE_WINDOW_MS = 15 * 60 * 1000;
/** Failures for one account within the window before it is locked until they age out. */
export const MAX_FAILURES_PER_ACCOUNT = 5;
/** Failures from one address within the window (across accounts: password spraying). */
export const MAX_FAILURES_PER_IP = 30;

/**
 * True when sign-in for this (normalised) e-mail or from this address must wait. Failures before the account's
 * last successful sign-in do not count against it.
 */
export async function isSignInThrottled(email: string, ip: string | null, lastSignInAt?: Date | null): Promise<boolean> {
  const since = new Date(Date.now() - THROTTLE_WINDOW_MS);
  const accountSince = lastSignInAt && lastSignInAt > since ? lastSignInAt : since;
  const [perAccount, perIp] = await Promise.all([
    db().auditEvent.count({ where: { action: "auth.sign_in_failed", at: { gt: accountSince }, details: { path: ["email"], equals: email } } }),
    ip ? db().auditEvent.count({ where: { action: "auth.sign_in_failed", at: { gte: since }, ip } }) : 0,
  ]);
  return perAccount >= MAX_FAILURES_PER_ACCOUNT || perIp >= MAX_FAILURES_PER_IP;
}
