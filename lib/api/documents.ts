import "server-only";
import type { KnowledgeBaseScope } from "@/lib/auth/scope";
import { getDocument, getDocumentHashes, listDocuments, writableKnowledgeBase } from "@/lib/db/documents";
import type { Prisma } from "@/lib/db/generated/client";
import { getJob } from "@/lib/db/ingestion-jobs";
import { notFound } from "@/lib/errors";
import { submitDeletions, submitDocuments, submitItems } from "@/lib/ingest/submit";
import type { InputDocument } from "@/lib/ingest/validate";
import { parseBatch, parseDocumentBody } from "./document-input";
import type { DocumentDetail, DocumentListQuery, DocumentPage, DocumentSummary, PutDocumentResult } from "./documents-schema";
import { jobAccepted, jobFailure } from "./jobs";
import type { JobAccepted } from "./jobs-schema";

// The documents API's operations, one per route handler: validate, hand over to the ingestion core, and shape the
// answer as its schema says.

const API = { source: "api", createdById: null } as const;
const KEPT = ["added", "replaced", "unchanged"] as const;

/** Ingests one document right away (PUT), keyed by the path's source id. */
export async function putDocument(scope: KnowledgeBaseScope, sourceId: string, body: unknown): Promise<PutDocumentResult> {
  const document = parseDocumentBody(sourceId, body);
  const jobId = await submitDocuments(scope, [document], { ...API, runInline: true });
  const job = await getJob(scope, jobId);
  const counts = job.counts as Record<string, number>;
  const outcome = KEPT.find((key) => (counts[key] ?? 0) > 0);
  if (!outcome) throw jobFailure(job);
  const stored = await getDocument(scope, { sourceId: document.sourceId });
  return { sourceId: stored.sourceId, outcome, version: stored.version, jobId, embedded: stored.embeddedAt !== null };
}

/** Deletes one document right away; 404 when there is none with this source id. */
export async function deleteDocument(scope: KnowledgeBaseScope, sourceId: string): Promise<void> {
  // Checked first so that a mistyped id leaves no job behind.
  if (!(await getDocumentHashes(scope, [sourceId])).has(sourceId)) throw notFound("Document");
  const job = await getJob(scope, await submitDeletions(scope, [sourceId], { ...API, runInline: true }));
  const counts = job.counts as Record<string, number>;
  if ((counts.deleted ?? 0) > 0) return;
  if (job.status === "failed") throw jobFailure(job);
  throw notFound("Document");
}

/** Validates a whole batch and stages it as a background job; nothing is staged when any row is invalid. */
export async function submitBatch(scope: KnowledgeBaseScope, body: unknown): Promise<JobAccepted> {
  writableKnowledgeBase(scope);
  const { documents, deletions } = parseBatch(body);
  const jobId =
    deletions.length === 0
      ? await submitDocuments(scope, documents, API)
      : documents.length === 0
        ? await submitDeletions(scope, deletions, API)
        : await submitItems(scope, "import", [...documents.map(toUpsert), ...deletions.map((sourceId) => ({ action: "delete" as const, sourceId }))], API);
  return jobAccepted(scope, jobId);
}

/** A page of the knowledge base's documents, newest change first. */
export async function listDocumentResources(scope: KnowledgeBaseScope, query: DocumentListQuery): Promise<DocumentPage> {
  const page = await listDocuments(scope, {
    q: query.q,
    sourceIdPrefix: query.prefix,
    updatedSince: query.updatedSince,
    page: query.page,
    pageSize: query.pageSize,
  });
  const items = page.items.map(
    (document): DocumentSummary => ({
      sourceId: document.sourceId,
      title: document.title,
      version: document.version,
      chunkCount: document._count.chunks,
      embedded: document.embeddedAt !== null,
      metadata: document.metadata as Record<string, unknown>,
      createdAt: document.createdAt.toISOString(),
      updatedAt: document.updatedAt.toISOString(),
    }),
  );
  return { items, page: page.page, pageSize: query.pageSize, total: page.total, pageCount: page.pageCount };
}

/** One document with its content and chunks. */
export async function getDocumentResource(scope: KnowledgeBaseScope, sourceId: string): Promise<DocumentDetail> {
  const document = await getDocument(scope, { sourceId });
  return {
    sourceId: document.sourceId,
    title: document.title,
    version: document.version,
    chunkCount: document.chunks.length,
    embedded: document.embeddedAt !== null,
    metadata: document.metadata as Record<string, unknown>,
    createdAt: document.createdAt.toISOString(),
    updatedAt: document.updatedAt.toISOString(),
    content: document.content,
    chunks: document.chunks.map(({ ordinal, text, startOffset, endOffset, tokenCount }) => ({ ordinal, text, startOffset, endOffset, tokenCount })),
  };
}

// Prisma hands `contains` and `startsWith` text to LIKE as it is, so % and _ would match anything. Escaped here until
// listDocuments does it itself; then this must go (the list tests fail on double escaping).
function toUpsert({ sourceId, title, content, metadata }: InputDocument) {
  return { action: "upsert" as const, sourceId, title, content, metadata: metadata as Prisma.InputJsonObject };
}
