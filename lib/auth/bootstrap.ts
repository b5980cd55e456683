import "server-only";
import { recordAuditEvent } from "@/lib/db/audit";
import { countUsers, createUser } from "@/lib/db/users";
import { generatePassword, hashPassword } from "./password";

export interface BootstrapResult {
  email: string;
  /** Set only when Enclave generated the password, so the launcher can print it once. */
  generatedPassword?: string;
}

/** On an installation with no users, creates the first admin; returns undefined when users already exist. */
export async function ensureFirstAdmin(options: { email?: string; password?: string }): Promise<BootstrapResult | undefined> {
  if ((await countUsers()) > 0) return undefined;
  const email = options.email ?? "admin@enclave.local";
  const generatedPassword = options.password ? undefined : generatePassword();
  const user = await createUser({
    email,
    name: "Administrator",
    passwordHash: await hashPassword(options.password ?? generatedPassword!),
    role: "admin",
  });
  await recordAuditEvent({ action: "user.bootstrap", target: { type: "user", id: user.id }, details: { email: user.email } });
  return { email: user.email, generatedPassword };
}
