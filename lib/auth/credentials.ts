import "server-only";
import { recordAuditEvent } from "@/lib/db/audit";
import { getUserByEmail, recordLogin } from "@/lib/db/users";
import { hashPassword, verifyPassword } from "./password";

// Checked against when the account does not exist, so a wrong e-mail costs as long as a wrong password
// and response times do not reveal which accounts exist.
let dummyHash: Promise<string> | undefined;

export interface SignedInUser {
  id: string;
  email: string;
  name: string | null;
  sessionVersion: number;
}

/** Verifies an e-mail and password; returns the user, or null for any failure (without saying which). */
export async function authenticateWithPassword(email: string, password: string, ip: string | null): Promise<SignedInUser | null> {
  const user = await getUserByEmail(email);
  const isUsable = user && user.passwordHash && !user.disabledAt;
  dummyHash ??= hashPassword("enclave-timing-equaliser");
  const isValid = await verifyPassword(isUsable ? user.passwordHash! : await dummyHash, password);
  if (!user || !isUsable || !isValid) {
    await recordAuditEvent({
      action: "auth.sign_in_failed",
      actor: user ? { id: user.id, email: user.email } : null,
      ip,
      details: { email: email.slice(0, 320), reason: !user ? "unknown_account" : user.disabledAt ? "disabled" : "bad_password" },
    });
    return null;
  }
  await recordLogin(user.id);
  await recordAuditEvent({ action: "auth.sign_in", actor: { id: user.id, email: user.email }, ip, details: { method: "password" } });
  return { id: user.id, email: user.email, name: user.name, sessionVersion: user.sessionVersion };
}
