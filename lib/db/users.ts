import "server-only";
import { db } from "./client";
import type { UserRole } from "./generated/client";

/** E-mail addresses are stored and compared in lower case. */
export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

export async function countUsers(): Promise<number> {
  return db().user.count();
}

export async function getUserByEmail(email: string) {
  return db().user.findUnique({ where: { email: normaliseEmail(email) } });
}

export async function getUserById(id: string) {
  return db().user.findUnique({ where: { id } });
}

export interface NewUser {
  email: string;
  name?: string | null;
  passwordHash: string | null;
  role: UserRole;
}

export async function createUser(user: NewUser) {
  return db().user.create({
    data: { email: normaliseEmail(user.email), name: user.name ?? null, passwordHash: user.passwordHash, role: user.role },
  });
}

export async function recordLogin(userId: string) {
  await db().user.update({ where: { id: userId }, data: { lastLoginAt: new Date() } });
}
