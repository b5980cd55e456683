import "server-only";
import { adminActor, type AdminScope } from "@/lib/auth/admin";
import type { KnowledgeBaseScope } from "@/lib/auth/scope";
import { defaultModelSettings } from "@/lib/ai/providers";
import { env } from "@/lib/env";
import { AppError, notFound } from "@/lib/errors";
import type { PiiPattern } from "@/lib/privacy/pii/patterns";
import { recordAuditEvent } from "./audit";
import { db } from "./client";
import { isUuid } from "./ids";
import type { Prisma } from "./generated/client";
import { likeLiteral, pageWindow, toPage, type ListQuery } from "./pagination";

/** The settings an admin edits; everything but the identity (slug) and ownership (team). */
export interface KnowledgeBaseSettings {
  chatBaseUrl: string;
  chatModel: string;
  embeddingBaseUrl: string;
  embeddingModel: string;
  embeddingDimension: number;
  topK: number;
  relevanceFloor: number;
  chunkSize: number;
  chunkOverlap: number;
  contextWindow: number;
  answerInstructions: string | null;
  logQuestions: boolean;
  showFeedbackIdentity: boolean;
}

export const SETTING_FIELDS = [
  "chatBaseUrl", "chatModel", "embeddingBaseUrl", "embeddingModel", "embeddingDimension",
  "topK", "relevanceFloor", "chunkSize", "chunkOverlap", "contextWindow", "answerInstructions", "logQuestions",
  "showFeedbackIdentity",
] as const satisfies readonly (keyof KnowledgeBaseSettings)[];

/** Where the chat model lives and what is masked, as the settings action decided (lib/privacy/kb-settings.ts). */
export interface KnowledgeBasePrivacySettings {
  modelLocation: "local" | "hosted";
  /** Sealed by lib/privacy/secrets.ts; never the key itself. */
  chatApiKeyEncrypted: string | null;
  piiPatterns: PiiPattern[];
  /** For the audit event: whether the key was set or replaced, never the key. */
  keyAudit?: { from: string; to: string };
}

/** What a new knowledge base starts with: the installation's model defaults and the retrieval defaults. */
export function defaultKnowledgeBaseSettings(): KnowledgeBaseSettings {
  return {
    ...defaultModelSettings(),
    topK: 6,
    relevanceFloor: 0.35,
    chunkSize: 200,
    chunkOverlap: 30,
    contextWindow: env().ENCLAVE_CONTEXT_WINDOW,
    answerInstructions: null,
    logQuestions: false,
    showFeedbackIdentity: false,
  };
}

/** The knowledge bases of a scope, for pickers and lists (id, slug, name, team). */
export async function listKnowledgeBases(scope: KnowledgeBaseScope) {
  return db().knowledgeBase.findMany({
    where: { id: { in: [...scope.knowledgeBaseIds] } },
    select: { id: true, slug: true, name: true, modelLocation: true, team: { select: { id: true, name: true } } },
    orderBy: { name: "asc" },
  });
}

/** One knowledge base of the scope (its settings too), or a 404. */
export async function getKnowledgeBase(scope: KnowledgeBaseScope, knowledgeBaseId: string) {
  if (!scope.knowledgeBaseIds.includes(knowledgeBaseId)) throw notFound("Knowledge base");
  const kb = await db().knowledgeBase.findUnique({ where: { id: knowledgeBaseId }, include: { team: { select: { id: true, name: true } } } });
  if (!kb) throw notFound("Knowledge base");
  return kb;
}

/** Every knowledge base matching `q` (name or slug), with its team and document count. */
export async function listAllKnowledgeBases(_admin: AdminScope, query: ListQuery) {
  const { skip, take, page } = pageWindow(query.page);
  const where: Prisma.KnowledgeBaseWhereInput = query.q
    ? { OR: [{ name: { contains: likeLiteral(query.q), mode: "insensitive" } }, { slug: { contains: likeLiteral(query.q.toLowerCase()) } }] }
    : {};
  const [items, total] = await Promise.all([
    db().knowledgeBase.findMany({
      where,
      select: { id: true, slug: true, name: true, modelLocation: true, chatModel: true, embeddingModel: true, updatedAt: true, team: { select: { id: true, name: true } }, _count: { select: { documents: true } } },
      orderBy: { name: "asc" },
      skip,
      take,
    }),
    db().knowledgeBase.count({ where }),
  ]);
  return toPage(items, total, page);
}

export async function getKnowledgeBaseForAdmin(_admin: AdminScope, knowledgeBaseId: string) {
  if (!isUuid(knowledgeBaseId)) throw notFound("Knowledge base");
  const kb = await db().knowledgeBase.findUnique({
    where: { id: knowledgeBaseId },
    include: { team: { select: { id: true, name: true } }, _count: { select: { documents: true, chunks: true } } },
  });
  if (!kb) throw notFound("Knowledge base");
  return kb;
}

export async function createKnowledgeBase(
  admin: AdminScope,
  input: { slug: string; name: string; teamId: string } & Partial<KnowledgeBaseSettings>,
  ip: string | null,
) {
  const data = { ...defaultKnowledgeBaseSettings(), ...input };
  assertSettings(data);
  const kb = await db().knowledgeBase.create({ data }).catch(rethrowKnowledgeBaseError);
  await recordAuditEvent({ action: "knowledge_base.create", actor: adminActor(admin), target: { type: "knowledge_base", id: kb.id }, ip, details: { slug: kb.slug, name: kb.name, teamId: kb.teamId } });
  return kb;
}

const EMBEDDING_FIELDS = ["embeddingBaseUrl", "embeddingModel", "embeddingDimension"] as const;

/**
 * Renames, moves to another team and/or changes settings; the audit event lists each changed field. A new embedding
 * model for a base that already has chunks does not take effect at once: it becomes pending, the workers embed every
 * chunk with it while the current vectors keep serving, then switch over (`needsReembedding` tells the caller to queue it).
 * `privacy`, when given, is written too; the audit names a changed API key only as set/replaced/not set.
 */
export async function updateKnowledgeBase(
  admin: AdminScope,
  knowledgeBaseId: string,
  settings: { name: string; teamId: string } & KnowledgeBaseSettings,
  ip: string | null,
  privacy?: KnowledgeBasePrivacySettings,
) {
  assertSettings(settings);
  const { keyAudit, ...privacyColumns } = privacy ?? {};
  const input = { ...settings, ...privacyColumns };
  return db().$transaction(async (tx) => {
    const before = await tx.knowledgeBase.findUnique({ where: { id: knowledgeBaseId }, include: { _count: { select: { chunks: true } } } });
    if (!before) throw notFound("Knowledge base");
    const isNewEmbedding = EMBEDDING_FIELDS.some((field) => before[field] !== input[field]);
    const needsReembedding = isNewEmbedding && before._count.chunks > 0;
    const data = needsReembedding
      ? {
          ...input,
          embeddingBaseUrl: before.embeddingBaseUrl,
          embeddingModel: before.embeddingModel,
          embeddingDimension: before.embeddingDimension,
          pendingEmbeddingBaseUrl: input.embeddingBaseUrl,
          pendingEmbeddingModel: input.embeddingModel,
          pendingEmbeddingDimension: input.embeddingDimension,
        }
      : { ...input, ...(isNewEmbedding ? { pendingEmbeddingBaseUrl: null, pendingEmbeddingModel: null, pendingEmbeddingDimension: null } : {}) };
    if (needsReembedding) await tx.$executeRaw`UPDATE chunks SET pending_embedding = NULL, pending_embedding_dim = NULL WHERE knowledge_base_id = ${knowledgeBaseId}::uuid`;
    const kb = await tx.knowledgeBase.update({ where: { id: knowledgeBaseId }, data }).catch(rethrowKnowledgeBaseError);
    const changed = (["name", "teamId", ...SETTING_FIELDS] as const).filter((field) => before[field] !== input[field]);
    const privacyChanges = {
      ...(privacy && before.modelLocation !== privacy.modelLocation ? { modelLocation: { from: before.modelLocation, to: privacy.modelLocation } } : {}),
      ...(privacy && JSON.stringify(before.piiPatterns) !== JSON.stringify(privacy.piiPatterns) ? { piiPatterns: { from: before.piiPatterns, to: privacy.piiPatterns } } : {}),
      ...(keyAudit ? { chatApiKey: keyAudit } : {}),
    };
    if (changed.length > 0 || Object.keys(privacyChanges).length > 0) {
      const changes = { ...Object.fromEntries(changed.map((field) => [field, { from: before[field], to: input[field] }])), ...privacyChanges };
      const details = { slug: kb.slug, changes, ...(needsReembedding ? { reembedding: true } : {}) };
      await recordAuditEvent({ action: "knowledge_base.update", actor: adminActor(admin), target: { type: "knowledge_base", id: kb.id }, ip, details }, tx);
    }
    return { knowledgeBase: kb, needsReembedding };
  });
}

/** Deletes a knowledge base with all its documents, chunks and vectors, after the admin typed its slug. */
export async function deleteKnowledgeBase(admin: AdminScope, knowledgeBaseId: string, typedSlug: string, ip: string | null) {
  await db().$transaction(async (tx) => {
    const kb = await tx.knowledgeBase.findUnique({ where: { id: knowledgeBaseId }, include: { _count: { select: { documents: true, chunks: true } } } });
    if (!kb) throw notFound("Knowledge base");
    if (typedSlug.trim() !== kb.slug) throw new AppError("invalid_input", `Type the knowledge base's namespace, ${kb.slug}, to confirm.`);
    await tx.knowledgeBase.delete({ where: { id: knowledgeBaseId } });
    await recordAuditEvent(
      { action: "knowledge_base.delete", actor: adminActor(admin), target: { type: "knowledge_base", id: kb.id }, ip, details: { slug: kb.slug, documents: kb._count.documents, chunks: kb._count.chunks } },
      tx,
    );
  });
}

function assertSettings(settings: Partial<KnowledgeBaseSettings>) {
  if (settings.chunkOverlap !== undefined && settings.chunkSize !== undefined && settings.chunkOverlap >= settings.chunkSize) {
    throw new AppError("invalid_input", "The chunk overlap must be smaller than the chunk size.");
  }
}

function rethrowKnowledgeBaseError(error: unknown): never {
  const code = (error as { code?: string }).code;
  if (code === "P2002") throw new AppError("conflict", "Another knowledge base already uses that namespace.");
  if (code === "P2003") throw new AppError("invalid_input", "That team does not exist.");
  if (code === "P2025") throw notFound("Knowledge base");
  throw error;
}

/** A knowledge base as the REST API describes it. */
export interface KnowledgeBaseResource {
  id: string;
  slug: string;
  name: string;
  documentCount: number;
  chunkCount: number;
  embeddingModel: string;
  embeddingDimension: number;
}

/** The one knowledge base of `scope`, with its document and chunk counts. */
export async function getKnowledgeBaseResource(scope: KnowledgeBaseScope): Promise<KnowledgeBaseResource> {
  if (scope.knowledgeBaseIds.length !== 1) throw new Error("getKnowledgeBaseResource: expects a scope of one knowledge base");
  const kb = await db().knowledgeBase.findFirst({
    where: { id: { in: [...scope.knowledgeBaseIds] } },
    select: {
      id: true,
      slug: true,
      name: true,
      embeddingModel: true,
      embeddingDimension: true,
      _count: { select: { documents: true, chunks: true } },
    },
  });
  // Deleted between authorization and this query.
  if (!kb) throw notFound("Knowledge base");
  const { _count, ...fields } = kb;
  return { ...fields, documentCount: _count.documents, chunkCount: _count.chunks };
}
