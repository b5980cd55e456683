import "server-only";
import { recordAuditEvent } from "@/lib/db/audit";
import { createUser, getUserById, setPasswordHash } from "@/lib/db/users";
import { AppError, notFound } from "@/lib/errors";
import { adminActor, type AdminScope } from "./admin";
import type { ActingUser } from "./authorize";
import { generatePassword, hashPassword, MIN_PASSWORD_LENGTH, verifyPassword } from "./password";

export interface CreatedAccount {
  id: string;
  email: string;
  /** Shown to the admin once when Enclave generated it; the user should change it after signing in. */
  temporaryPassword?: string;
}

/** An admin creates a user, with the given password or a generated one. */
export async function createAccount(
  admin: AdminScope,
  input: { email: string; name?: string; role: "admin" | "member"; password?: string },
  ip: string | null,
): Promise<CreatedAccount> {
  if (input.password) assertAcceptablePassword(input.password, input.email);
  const temporaryPassword = input.password ? undefined : generatePassword();
  const user = await createUser({
    email: input.email,
    name: input.name || null,
    role: input.role,
    passwordHash: await hashPassword(input.password ?? temporaryPassword!),
  });
  await recordAuditEvent({ action: "user.create", actor: adminActor(admin), target: { type: "user", id: user.id }, ip, details: { email: user.email, role: user.role } });
  return { id: user.id, email: user.email, temporaryPassword };
}

/** An admin resets a user's password to a generated one (shown once) and ends the user's sessions. */
export async function resetPassword(admin: AdminScope, userId: string, ip: string | null): Promise<{ email: string; temporaryPassword: string }> {
  const user = await getUserById(userId);
  if (!user) throw notFound("User");
  const temporaryPassword = generatePassword();
  await setPasswordHash(user.id, await hashPassword(temporaryPassword));
  await recordAuditEvent({ action: "user.password_reset", actor: adminActor(admin), target: { type: "user", id: user.id }, ip, details: { email: user.email } });
  return { email: user.email, temporaryPassword };
}

/** A user changes their own password, proving the current one; every session (this one too) ends. */
export async function changeOwnPassword(user: ActingUser, currentPassword: string, newPassword: string, ip: string | null): Promise<void> {
  assertAcceptablePassword(newPassword, user.email);
  const stored = await getUserById(user.id);
  if (!stored) throw notFound("User");
  if (!stored.passwordHash || !(await verifyPassword(stored.passwordHash, currentPassword))) {
    throw new AppError("invalid_input", "The current password is not right.");
  }
  await setPasswordHash(user.id, await hashPassword(newPassword));
  await recordAuditEvent({ action: "user.password_change", actor: { id: user.id, email: user.email }, target: { type: "user", id: user.id }, ip });
}

/** Length is what matters (NIST SP 800-63B); the e-mail itself is refused as too guessable. */
export function assertAcceptablePassword(password: string, email: string) {
  if (password.length < MIN_PASSWORD_LENGTH) throw new AppError("invalid_input", `Use at least ${MIN_PASSWORD_LENGTH} characters.`);
  if (password.length > 1024) throw new AppError("invalid_input", "Use at most 1024 characters.");
  if (password.toLowerCase().includes(email.split("@")[0]!.toLowerCase()) && email.split("@")[0]!.length >= 4) {
    throw new AppError("invalid_input", "Do not use your e-mail name in the password.");
  }
}
