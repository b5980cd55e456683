import "server-only";
import type { AdminScope } from "@/lib/auth/admin";
import type { Prisma } from "./generated/client";
import { db } from "./client";
import { likeLiteral, pageWindow, toPage } from "./pagination";

export interface AuditEntry {
  action: string;
  actor?: { id: string; email: string } | null;
  target?: { type: string; id: string };
  ip?: string | null;
  details?: Prisma.InputJsonObject;
}

/** Appends one event to the audit log (the table rejects updates and deletes). */
export async function recordAuditEvent(entry: AuditEntry, client: Pick<Prisma.TransactionClient, "auditEvent"> = db()) {
  await client.auditEvent.create({
    data: {
      action: entry.action,
      actorId: entry.actor?.id ?? null,
      actorEmail: entry.actor?.email ?? null,
      targetType: entry.target?.type ?? null,
      targetId: entry.target?.id ?? null,
      ip: entry.ip ?? null,
      details: entry.details ?? {},
    },
  });
}

export interface AuditQuery {
  /** An action, or a prefix ending in "." (e.g. "auth."). */
  action?: string;
  /** Part of the actor's e-mail. */
  actor?: string;
  from?: Date;
  to?: Date;
  page?: number;
}

/** Audit events, newest first, filtered; admins only. */
export async function listAuditEvents(_admin: AdminScope, query: AuditQuery) {
  const { skip, take, page } = pageWindow(query.page, 50);
  const where: Prisma.AuditEventWhereInput = {
    ...(query.action ? { action: query.action.endsWith(".") ? { startsWith: query.action } : query.action } : {}),
    ...(query.actor ? { actorEmail: { contains: likeLiteral(query.actor.toLowerCase()) } } : {}),
    ...(query.from || query.to ? { at: { ...(query.from ? { gte: query.from } : {}), ...(query.to ? { lt: query.to } : {}) } } : {}),
  };
  const [items, total] = await Promise.all([
    db().auditEvent.findMany({ where, orderBy: { at: "desc" }, skip, take }),
    db().auditEvent.count({ where }),
  ]);
  return toPage(items, total, page, 50);
}
