import "server-only";
import { AppError } from "@/lib/errors";
import type { ActingUser } from "./authorize";

declare const adminBrand: unique symbol;

/** Proof that the acting user is an admin, required by every administration data function. */
export interface AdminScope {
  readonly userId: string;
  readonly email: string;
  readonly [adminBrand]: true;
}

/** An admin scope for `user`, or a 403. */
export function requireAdmin(user: ActingUser): AdminScope {
  if (user.role !== "admin") throw new AppError("forbidden", "Only administrators may do this.");
  return Object.freeze({ userId: user.id, email: user.email }) as AdminScope;
}

/** The actor recorded in audit events for an admin's action. */
export function adminActor(admin: AdminScope) {
  return { id: admin.userId, email: admin.email };
}
