import "server-only";
import type { KnowledgeBaseScope } from "@/lib/auth/scope";
import { AppError, notFound } from "@/lib/errors";
import { db } from "./client";
import { Prisma } from "./generated/client";
import { isUuid } from "./ids";
import { likeLiteral, pageWindow, toPage } from "./pagination";

/** The single knowledge base of a write scope; every write names exactly one. */
export function writableKnowledgeBase(scope: KnowledgeBaseScope): string {
  if (scope.access !== "write") throw new AppError("forbidden", "This action needs write access to the knowledge base.");
  if (scope.knowledgeBaseIds.length !== 1) throw new Error("writableKnowledgeBase: a write scope names exactly one knowledge base");
  return scope.knowledgeBaseIds[0]!;
}

/** The stored content hashes of these source ids (to skip unchanged documents before any work). */
export async function getDocumentHashes(scope: KnowledgeBaseScope, sourceIds: readonly string[]): Promise<Map<string, string>> {
  const rows = await db().document.findMany({
    where: { knowledgeBaseId: { in: [...scope.knowledgeBaseIds] }, sourceId: { in: [...sourceIds] } },
    select: { sourceId: true, contentHash: true },
  });
  return new Map(rows.map((row) => [row.sourceId, row.contentHash]));
}

export interface DocumentListQuery {
  /** Matches the title or the source id. */
  q?: string;
  sourceIdPrefix?: string;
  updatedSince?: Date;
  page?: number;
  pageSize?: number;
}

/** Documents of the scope's knowledge bases, newest first, with their chunk counts and whether they are embedded. */
export async function listDocuments(scope: KnowledgeBaseScope, query: DocumentListQuery) {
  const size = Math.min(Math.max(query.pageSize ?? 50, 1), 500);
  const { skip, take, page } = pageWindow(query.page, size);
  const q = query.q && likeLiteral(query.q);
  const where: Prisma.DocumentWhereInput = {
    knowledgeBaseId: { in: [...scope.knowledgeBaseIds] },
    ...(q ? { OR: [{ title: { contains: q, mode: "insensitive" } }, { sourceId: { contains: q, mode: "insensitive" } }] } : {}),
    ...(query.sourceIdPrefix ? { sourceId: { startsWith: likeLiteral(query.sourceIdPrefix) } } : {}),
    ...(query.updatedSince ? { updatedAt: { gte: query.updatedSince } } : {}),
  };
  const [items, total] = await Promise.all([
    db().document.findMany({
      where,
      select: {
        id: true, knowledgeBaseId: true, sourceId: true, title: true, version: true, metadata: true,
        embeddedAt: true, createdAt: true, updatedAt: true, _count: { select: { chunks: true } },
      },
      orderBy: [{ updatedAt: "desc" }, { id: "asc" }],
      skip,
      take,
    }),
    db().document.count({ where }),
  ]);
  return toPage(items, total, page, size);
}

/** One document with its chunks, by id or by source id. */
export async function getDocument(scope: KnowledgeBaseScope, ref: { id: string } | { sourceId: string }) {
  if ("id" in ref && !isUuid(ref.id)) throw notFound("Document");
  const document = await db().document.findFirst({
    where: { knowledgeBaseId: { in: [...scope.knowledgeBaseIds] }, ...ref },
    include: {
      chunks: { select: { id: true, ordinal: true, text: true, startOffset: true, endOffset: true, tokenCount: true, embeddingDim: true }, orderBy: { ordinal: "asc" } },
    },
  });
  if (!document) throw notFound("Document");
  return document;
}

/** Deletes documents (their chunks and vectors with them) by source id; returns the ids that existed. */
export async function deleteDocumentsBySourceIds(scope: KnowledgeBaseScope, sourceIds: readonly string[], tx: Prisma.TransactionClient = db()): Promise<string[]> {
  const knowledgeBaseId = writableKnowledgeBase(scope);
  if (sourceIds.length === 0) return [];
  const rows = await tx.$queryRaw<{ source_id: string }[]>`
    DELETE FROM documents WHERE knowledge_base_id = ${knowledgeBaseId}::uuid AND source_id = ANY(${[...sourceIds]}::text[])
    RETURNING source_id`;
  return rows.map((row) => row.source_id);
}

export interface DocumentWrite {
  sourceId: string;
  title: string;
  content: string;
  metadata: Prisma.InputJsonObject;
  contentHash: string;
  isEmbedded: boolean;
}

export interface WrittenDocument {
  id: string;
  sourceId: string;
  isNew: boolean;
}

/**
 * Inserts or replaces documents by source id inside the caller's transaction and removes the replaced ones' chunks.
 * A document whose stored hash equals the new one is left alone and not returned (unchanged).
 */
export async function upsertDocuments(tx: Prisma.TransactionClient, knowledgeBaseId: string, docs: readonly DocumentWrite[]): Promise<WrittenDocument[]> {
  if (docs.length === 0) return [];
  const rows = await tx.$queryRaw<{ id: string; source_id: string; is_new: boolean }[]>`
    INSERT INTO documents (knowledge_base_id, source_id, title, content, content_hash, metadata, embedded_at)
    SELECT ${knowledgeBaseId}::uuid, d.source_id, d.title, d.content, d.content_hash, d.metadata::jsonb,
           CASE WHEN d.is_embedded THEN now() ELSE NULL END
    FROM unnest(${docs.map((d) => d.sourceId)}::text[], ${docs.map((d) => d.title)}::text[], ${docs.map((d) => d.content)}::text[],
                ${docs.map((d) => d.contentHash)}::text[], ${docs.map((d) => JSON.stringify(d.metadata))}::text[],
                ${docs.map((d) => d.isEmbedded)}::boolean[])
         AS d(source_id, title, content, content_hash, metadata, is_embedded)
    ON CONFLICT (knowledge_base_id, source_id) DO UPDATE SET
      title = EXCLUDED.title, content = EXCLUDED.content, content_hash = EXCLUDED.content_hash, metadata = EXCLUDED.metadata,
      embedded_at = EXCLUDED.embedded_at, version = documents.version + 1, updated_at = now()
    WHERE documents.content_hash IS DISTINCT FROM EXCLUDED.content_hash
    RETURNING id, source_id, (xmax = 0) AS is_new`;
  const replaced = rows.filter((row) => !row.is_new).map((row) => row.id);
  if (replaced.length > 0) await tx.$executeRaw`DELETE FROM chunks WHERE document_id = ANY(${replaced}::uuid[])`;
  return rows.map((row) => ({ id: row.id, sourceId: row.source_id, isNew: row.is_new }));
}
