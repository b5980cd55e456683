import "server-only";
import { adminActor, type AdminScope } from "@/lib/auth/admin";
import { AppError, notFound } from "@/lib/errors";
import { recordAuditEvent } from "./audit";
import { db } from "./client";
import type { Prisma, UserRole } from "./generated/client";
import { likeLiteral, pageWindow, toPage, type ListQuery } from "./pagination";

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

/** Creates a user; a duplicate e-mail is a 409 with a message naming it. */
export async function createUser(user: NewUser) {
  const email = normaliseEmail(user.email);
  try {
    return await db().user.create({ data: { email, name: user.name ?? null, passwordHash: user.passwordHash, role: user.role } });
  } catch (error) {
    if ((error as { code?: string }).code === "P2002") throw new AppError("conflict", `A user with the e-mail ${email} already exists.`);
    throw error;
  }
}

export async function recordLogin(userId: string) {
  await db().user.update({ where: { id: userId }, data: { lastLoginAt: new Date() } });
}

const listedUser = {
  id: true,
  email: true,
  name: true,
  role: true,
  disabledAt: true,
  lastLoginAt: true,
  createdAt: true,
  oidcSubject: true,
  memberships: { select: { role: true, team: { select: { id: true, name: true } } } },
} satisfies Prisma.UserSelect;

/** Users matching `q` (e-mail or name), newest first. */
export async function listUsers(_admin: AdminScope, query: ListQuery) {
  const { skip, take, page } = pageWindow(query.page);
  const where: Prisma.UserWhereInput = query.q
    ? { OR: [{ email: { contains: likeLiteral(query.q), mode: "insensitive" } }, { name: { contains: likeLiteral(query.q), mode: "insensitive" } }] }
    : {};
  const [items, total] = await Promise.all([
    db().user.findMany({ where, select: listedUser, orderBy: { createdAt: "desc" }, skip, take }),
    db().user.count({ where }),
  ]);
  return toPage(items, total, page);
}

/** Changes a user's password hash and ends every session they have. */
export async function setPasswordHash(userId: string, passwordHash: string) {
  await db().user.update({ where: { id: userId }, data: { passwordHash, sessionVersion: { increment: 1 } } });
}

/** Disables (ending their sessions at the next request) or re-enables a user; an admin cannot disable themself. */
export async function setUserDisabled(admin: AdminScope, userId: string, isDisabled: boolean, ip: string | null) {
  if (userId === admin.userId && isDisabled) throw new AppError("conflict", "You cannot disable your own account.");
  const user = await db()
    .user.update({
      where: { id: userId },
      data: isDisabled ? { disabledAt: new Date(), sessionVersion: { increment: 1 } } : { disabledAt: null },
    })
    .catch(rethrowNotFound);
  await recordAuditEvent({ action: isDisabled ? "user.disable" : "user.enable", actor: adminActor(admin), target: { type: "user", id: userId }, ip, details: { email: user.email } });
}

/** Changes a user's installation role; the last admin cannot be demoted. */
export async function setUserRole(admin: AdminScope, userId: string, role: UserRole, ip: string | null) {
  await db().$transaction(async (tx) => {
    if (role !== "admin") await assertAnotherAdmin(tx, userId);
    const user = await tx.user.update({ where: { id: userId }, data: { role } }).catch(rethrowNotFound);
    await recordAuditEvent({ action: "user.role", actor: adminActor(admin), target: { type: "user", id: userId }, ip, details: { email: user.email, role } }, tx);
  });
}

/** Deletes a user with their memberships and chats; the last admin and oneself cannot be deleted. */
export async function deleteUser(admin: AdminScope, userId: string, ip: string | null) {
  if (userId === admin.userId) throw new AppError("conflict", "You cannot delete your own account.");
  await db().$transaction(async (tx) => {
    await assertAnotherAdmin(tx, userId);
    const user = await tx.user.delete({ where: { id: userId } }).catch(rethrowNotFound);
    await recordAuditEvent({ action: "user.delete", actor: adminActor(admin), target: { type: "user", id: userId }, ip, details: { email: user.email } }, tx);
  });
}

async function assertAnotherAdmin(tx: Prisma.TransactionClient, userId: string) {
  const otherAdmins = await tx.user.count({ where: { role: "admin", disabledAt: null, id: { not: userId } } });
  if (otherAdmins === 0) throw new AppError("conflict", "Enclave needs at least one active admin; make another user admin first.");
}

function rethrowNotFound(error: unknown): never {
  if ((error as { code?: string }).code === "P2025") throw notFound("User");
  throw error;
}
