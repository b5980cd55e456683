import "server-only";
import type { Prisma } from "./generated/client";
import { db } from "./client";

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
