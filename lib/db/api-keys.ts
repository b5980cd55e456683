import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { adminActor, type AdminScope } from "@/lib/auth/admin";
import { AppError, notFound } from "@/lib/errors";
import { recordAuditEvent } from "./audit";
import { db } from "./client";
import type { ApiKeyScope, Prisma } from "./generated/client";
import { isUuid } from "./ids";

// A key is `enc_` + 32 random bytes in base64url. Only its SHA-256 is stored: 256 random bits need no slow hash,
// and looking a key up by its hash leaves nothing for a timing attack to compare. The prefix lets admins recognise it.

const KEY_PATTERN = /^enc_[A-Za-z0-9_-]{43}$/;
const PREFIX_LENGTH = 12;
// lastUsedAt is a hint for admins, not an access log: refreshing it at most once a minute spares a write per request.
const LAST_USED_RESOLUTION_MS = 60_000;

const summarySelect = {
  id: true,
  knowledgeBaseId: true,
  name: true,
  prefix: true,
  scope: true,
  createdAt: true,
  lastUsedAt: true,
  revokedAt: true,
} satisfies Prisma.ApiKeySelect;

/** What admins see of a key; never its secret or hash. */
export type ApiKeySummary = Prisma.ApiKeyGetPayload<{ select: typeof summarySelect }>;

export interface NewApiKey {
  name: string;
  scope: ApiKeyScope;
}

/** Creates a key for a knowledge base; the returned secret is the only copy there will ever be. */
export async function createApiKey(
  admin: AdminScope,
  knowledgeBaseId: string,
  input: NewApiKey,
  ip: string | null = null,
): Promise<{ key: ApiKeySummary; secret: string }> {
  const name = input.name.trim();
  if (!name) throw new AppError("invalid_input", "Give the key a name.");
  await requireKnowledgeBase(knowledgeBaseId);
  const secret = `enc_${randomBytes(32).toString("base64url")}`;
  const key = await db().$transaction(async (tx) => {
    const created = await tx.apiKey.create({
      data: {
        knowledgeBaseId,
        name,
        scope: input.scope,
        prefix: secret.slice(0, PREFIX_LENGTH),
        secretHash: hashApiKeySecret(secret),
        createdById: admin.userId,
      },
      select: summarySelect,
    });
    await recordAuditEvent({ action: "api_key.create", actor: adminActor(admin), ip, target: apiKeyTarget(created), details: auditDetails(created) }, tx);
    return created;
  });
  return { key, secret };
}

/** The knowledge base (404 when unknown) and its keys, newest first. */
export async function listApiKeys(_admin: AdminScope, knowledgeBaseId: string) {
  const knowledgeBase = await requireKnowledgeBase(knowledgeBaseId);
  const keys = await db().apiKey.findMany({ where: { knowledgeBaseId }, select: summarySelect, orderBy: { createdAt: "desc" } });
  return { knowledgeBase, keys };
}

/** Revokes a key at once; revoking one already revoked changes (and audits) nothing. */
export async function revokeApiKey(admin: AdminScope, keyId: string, ip: string | null = null): Promise<ApiKeySummary> {
  if (!isUuid(keyId)) throw notFound("API key");
  return db().$transaction(async (tx) => {
    const { count } = await tx.apiKey.updateMany({ where: { id: keyId, revokedAt: null }, data: { revokedAt: new Date() } });
    const key = await tx.apiKey.findUnique({ where: { id: keyId }, select: summarySelect });
    if (!key) throw notFound("API key");
    if (count > 0) {
      await recordAuditEvent({ action: "api_key.revoke", actor: adminActor(admin), ip, target: apiKeyTarget(key), details: auditDetails(key) }, tx);
    }
    return key;
  });
}

/** The key a presented secret belongs to (revoked ones included, for the caller to refuse), or null. */
export async function findApiKeyBySecret(secret: string) {
  if (!KEY_PATTERN.test(secret)) return null;
  return db().apiKey.findUnique({
    where: { secretHash: hashApiKeySecret(secret) },
    select: { id: true, scope: true, lastUsedAt: true, revokedAt: true, knowledgeBase: { select: { id: true, slug: true } } },
  });
}

/** Records that a key was used, unless that was already recorded within the last minute. */
export async function markApiKeyUsed(key: { id: string; lastUsedAt: Date | null }, now = new Date()): Promise<void> {
  const staleBefore = new Date(now.getTime() - LAST_USED_RESOLUTION_MS);
  if (key.lastUsedAt && key.lastUsedAt > staleBefore) return;
  // Conditional, so concurrent requests (or other server processes) write once between them.
  await db().apiKey.updateMany({
    where: { id: key.id, OR: [{ lastUsedAt: null }, { lastUsedAt: { lt: staleBefore } }] },
    data: { lastUsedAt: now },
  });
}

/** The stored form of a key's secret: its SHA-256 in hex. */
export function hashApiKeySecret(secret: string): string {
  return createHash("sha256").update(secret).digest("hex");
}

async function requireKnowledgeBase(knowledgeBaseId: string) {
  const knowledgeBase = isUuid(knowledgeBaseId)
    ? await db().knowledgeBase.findUnique({ where: { id: knowledgeBaseId }, select: { id: true, slug: true, name: true } })
    : null;
  if (!knowledgeBase) throw notFound("Knowledge base");
  return knowledgeBase;
}

function apiKeyTarget(key: ApiKeySummary) {
  return { type: "api_key", id: key.id };
}

function auditDetails(key: ApiKeySummary): Prisma.InputJsonObject {
  return { knowledgeBaseId: key.knowledgeBaseId, scope: key.scope, name: key.name, prefix: key.prefix };
}
