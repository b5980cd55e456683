import "server-only";
import type { AdminScope } from "@/lib/auth/admin";
import { db } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import { likeLiteral, pageWindow, toPage } from "@/lib/db/pagination";
import type { PiiCounts } from "./pii/kinds";

// The egress log: one append-only row per call to a hosted model, with who, where, which model, token counts, how
// many values of each kind were masked, and the SHA-256 of the exact bytes sent. Never the prompt or the answer.

export type EgressStatus = "ok" | "aborted" | "network_error" | "blocked" | `http_${number}`;

export interface EgressEventInput {
  knowledgeBase: { id: string; slug: string };
  actor: { userId: string; email: string } | { apiKeyId: string };
  chatId?: string | null;
  purpose: "answer" | "rewrite" | "other";
  /** Display form of the URL called (lib/privacy/endpoints displayUrl): no credentials, query or fragment. */
  endpoint: string;
  model: string;
  promptTokens?: number | null;
  completionTokens?: number | null;
  maskedCounts: PiiCounts;
  payloadSha256: string;
  payloadBytes: number;
  status: EgressStatus;
  durationMs?: number | null;
}

/** Appends one event (the table refuses updates and deletes). */
export async function recordEgress(event: EgressEventInput): Promise<void> {
  await db().egressEvent.create({
    data: {
      knowledgeBaseId: event.knowledgeBase.id,
      knowledgeBaseSlug: event.knowledgeBase.slug,
      userId: "userId" in event.actor ? event.actor.userId : null,
      userEmail: "userId" in event.actor ? event.actor.email : null,
      apiKeyId: "apiKeyId" in event.actor ? event.actor.apiKeyId : null,
      chatId: event.chatId ?? null,
      purpose: event.purpose,
      endpoint: event.endpoint,
      model: event.model,
      promptTokens: event.promptTokens ?? null,
      completionTokens: event.completionTokens ?? null,
      maskedCounts: event.maskedCounts as Prisma.InputJsonObject,
      payloadSha256: event.payloadSha256,
      payloadBytes: event.payloadBytes,
      status: event.status,
      durationMs: event.durationMs ?? null,
    },
  });
}

export interface EgressQuery {
  knowledgeBaseId?: string;
  /** Part of the user's e-mail. */
  user?: string;
  from?: Date;
  to?: Date;
  page?: number;
}

const PAGE = 50;

/** Egress events, newest first, filtered; admins only. */
export async function listEgressEvents(_admin: AdminScope, query: EgressQuery) {
  const { skip, take, page } = pageWindow(query.page, PAGE);
  const where: Prisma.EgressEventWhereInput = {
    ...(query.knowledgeBaseId ? { knowledgeBaseId: query.knowledgeBaseId } : {}),
    ...(query.user ? { userEmail: { contains: likeLiteral(query.user.toLowerCase()), mode: "insensitive" } } : {}),
    ...(query.from || query.to ? { at: { ...(query.from ? { gte: query.from } : {}), ...(query.to ? { lt: query.to } : {}) } } : {}),
  };
  const [items, total] = await Promise.all([db().egressEvent.findMany({ where, orderBy: [{ at: "desc" }, { id: "desc" }], skip, take }), db().egressEvent.count({ where })]);
  return toPage(items.map((item) => ({ ...item, id: String(item.id), maskedCounts: item.maskedCounts as PiiCounts })), total, page, PAGE);
}

/** The knowledge bases that appear in the log (also deleted ones, by their last slug), for the filter. */
export async function listEgressKnowledgeBases(_admin: AdminScope) {
  const rows = await db().egressEvent.groupBy({ by: ["knowledgeBaseId", "knowledgeBaseSlug"], _max: { at: true } });
  const latest = new Map<string, { id: string; slug: string; at: Date }>();
  for (const row of rows) {
    const at = row._max.at ?? new Date(0);
    const seen = latest.get(row.knowledgeBaseId);
    if (!seen || seen.at < at) latest.set(row.knowledgeBaseId, { id: row.knowledgeBaseId, slug: row.knowledgeBaseSlug, at });
  }
  return [...latest.values()].sort((a, b) => a.slug.localeCompare(b.slug)).map(({ id, slug }) => ({ id, slug }));
}
