import "server-only";
import type { KnowledgeBaseScope } from "@/lib/auth/scope";
import { AppError } from "@/lib/errors";
import { db } from "./client";
import { Prisma } from "./generated/client";

// All vector SQL lives here. The `embedding` column has no fixed dimension, so bases with different embedding
// models share one table; the migration adds one partial HNSW index per common dimension over a cast of the
// column, and queries must repeat that exact cast and the `embedding_dim` predicate for the planner to use it.

/** Dimensions with an HNSW index (prisma/migrations/0001_init); others are searched exactly, which is slower. */
export const INDEXED_DIMENSIONS: readonly number[] = [384, 768, 1024, 1536];

export interface EmbeddingWrite {
  chunkId: bigint;
  embedding: readonly number[];
}

/** Stores embeddings for chunks of the scope's knowledge bases; fails loudly on a wrong dimension, never pads. */
export async function writeEmbeddings(scope: KnowledgeBaseScope, dimension: number, items: readonly EmbeddingWrite[]): Promise<number> {
  requireWrite(scope);
  for (const item of items) assertEmbedding(item.embedding, dimension);
  if (items.length === 0) return 0;
  const ids = items.map((item) => item.chunkId);
  const vectors = items.map((item) => toVectorLiteral(item.embedding));
  return db().$executeRaw`
    UPDATE chunks SET embedding = v.embedding::vector, embedding_dim = ${dimension}
    FROM unnest(${ids}::bigint[], ${vectors}::text[]) AS v(id, embedding)
    WHERE chunks.id = v.id AND chunks.knowledge_base_id = ANY(${[...scope.knowledgeBaseIds]}::uuid[])`;
}

export interface VectorHit {
  chunkId: bigint;
  /** Cosine similarity, 1 = same direction. */
  similarity: number;
}

/** The k chunks nearest to `embedding` by cosine distance, within the scope's knowledge bases. */
export async function nearestChunks(scope: KnowledgeBaseScope, embedding: readonly number[], k: number): Promise<VectorHit[]> {
  const dimension = embedding.length;
  assertEmbedding(embedding, dimension);
  const kbIds = [...scope.knowledgeBaseIds];
  if (kbIds.length === 0 || k <= 0) return [];
  const query = toVectorLiteral(embedding);
  const isIndexed = INDEXED_DIMENSIONS.includes(dimension);
  // Safe: `dimension` is an integer from the whitelist above, spliced only because a type modifier cannot be a parameter.
  const cast = Prisma.raw(`vector(${dimension})`);
  // hnsw.iterative_scan and ef_search come with every session (lib/db/session-settings.ts): one statement here.
  const rows = isIndexed
    ? await db().$queryRaw<{ id: bigint; distance: number }[]>`
        SELECT id, (embedding::${cast} <=> ${query}::${cast}) AS distance FROM chunks
        WHERE embedding_dim = ${dimension} AND knowledge_base_id = ANY(${kbIds}::uuid[])
        ORDER BY embedding::${cast} <=> ${query}::${cast} LIMIT ${k}`
    : await db().$queryRaw<{ id: bigint; distance: number }[]>`
        SELECT id, (embedding <=> ${query}::vector) AS distance FROM chunks
        WHERE embedding_dim = ${dimension} AND knowledge_base_id = ANY(${kbIds}::uuid[])
        ORDER BY embedding <=> ${query}::vector LIMIT ${k}`;
  // relaxed_order may return rows slightly out of order; the final order is exact.
  return rows.map((row) => ({ chunkId: row.id, similarity: 1 - Number(row.distance) })).sort((a, b) => b.similarity - a.similarity);
}

function assertEmbedding(embedding: readonly number[], dimension: number) {
  if (embedding.length !== dimension) {
    throw new AppError(
      "embedding_dimension_mismatch",
      `The embedding model returned ${embedding.length} dimensions but the knowledge base is set to ${dimension}; ` +
        "change the knowledge base's embedding dimension or model.",
    );
  }
  if (!embedding.every(Number.isFinite)) throw new AppError("invalid_input", "An embedding contains a value that is not a finite number.");
}

function requireWrite(scope: KnowledgeBaseScope) {
  if (scope.access !== "write") throw new AppError("forbidden", "This action needs write access to the knowledge base.");
}

function toVectorLiteral(embedding: readonly number[]): string {
  return `[${embedding.join(",")}]`;
}

export interface ChunkRow {
  documentId: string;
  knowledgeBaseId: string;
  ordinal: number;
  text: string;
  startOffset: number;
  endOffset: number;
  tokenCount: number;
  context: string;
  /** null: stored for full-text search only, embedded later by the backfill. */
  embedding: readonly number[] | null;
}

/** Inserts chunks (with their vectors where present) in one statement, inside the caller's transaction. */
export async function insertChunks(tx: Prisma.TransactionClient, dimension: number, rows: readonly ChunkRow[]): Promise<void> {
  if (rows.length === 0) return;
  for (const row of rows) if (row.embedding) assertEmbedding(row.embedding, dimension);
  await tx.$executeRaw`
    INSERT INTO chunks (document_id, knowledge_base_id, ordinal, text, start_offset, end_offset, token_count, context, embedding, embedding_dim)
    SELECT r.document_id, r.knowledge_base_id, r.ordinal, r.text, r.start_offset, r.end_offset, r.token_count, r.context,
           r.embedding::vector, CASE WHEN r.embedding IS NULL THEN NULL ELSE ${dimension}::int END
    FROM unnest(
      ${rows.map((row) => row.documentId)}::uuid[], ${rows.map((row) => row.knowledgeBaseId)}::uuid[],
      ${rows.map((row) => row.ordinal)}::int[], ${rows.map((row) => row.text)}::text[],
      ${rows.map((row) => row.startOffset)}::int[], ${rows.map((row) => row.endOffset)}::int[],
      ${rows.map((row) => row.tokenCount)}::int[], ${rows.map((row) => row.context)}::text[],
      ${rows.map((row) => (row.embedding ? toVectorLiteral(row.embedding) : null))}::text[]
    ) AS r(document_id, knowledge_base_id, ordinal, text, start_offset, end_offset, token_count, context, embedding)`;
}

export interface ChunkToEmbed {
  id: bigint;
  documentId: string;
  text: string;
  context: string;
}

/** Chunks of a knowledge base still lacking a vector (or, when `pending`, the pending model's vector). */
export async function chunksToEmbed(scope: KnowledgeBaseScope, pending: boolean, limit: number): Promise<ChunkToEmbed[]> {
  const kbIds = [...scope.knowledgeBaseIds];
  const rows = pending
    ? await db().$queryRaw<{ id: bigint; document_id: string; text: string; context: string }[]>`
        SELECT id, document_id, text, context FROM chunks WHERE knowledge_base_id = ANY(${kbIds}::uuid[]) AND pending_embedding IS NULL ORDER BY id LIMIT ${limit}`
    : await db().$queryRaw<{ id: bigint; document_id: string; text: string; context: string }[]>`
        SELECT id, document_id, text, context FROM chunks WHERE knowledge_base_id = ANY(${kbIds}::uuid[]) AND embedding IS NULL ORDER BY id LIMIT ${limit}`;
  return rows.map((row) => ({ id: row.id, documentId: row.document_id, text: row.text, context: row.context }));
}

/** Stores vectors of the pending embedding model beside the serving ones. */
export async function writePendingEmbeddings(scope: KnowledgeBaseScope, dimension: number, items: readonly EmbeddingWrite[]): Promise<number> {
  requireWrite(scope);
  for (const item of items) assertEmbedding(item.embedding, dimension);
  if (items.length === 0) return 0;
  return db().$executeRaw`
    UPDATE chunks SET pending_embedding = v.embedding::vector, pending_embedding_dim = ${dimension}
    FROM unnest(${items.map((item) => item.chunkId)}::bigint[], ${items.map((item) => toVectorLiteral(item.embedding))}::text[]) AS v(id, embedding)
    WHERE chunks.id = v.id AND chunks.knowledge_base_id = ANY(${[...scope.knowledgeBaseIds]}::uuid[])`;
}

/**
 * Makes the pending embedding model the serving one, atomically, once every chunk has its vector: the knowledge
 * base row is locked so no ingestion adds a chunk meanwhile. Returns false (nothing changed) if some chunk still lacks one.
 */
export async function switchToPendingEmbeddings(scope: KnowledgeBaseScope): Promise<boolean> {
  requireWrite(scope);
  const kbId = scope.knowledgeBaseIds[0]!;
  return db().$transaction(
    async (tx) => {
      await tx.$queryRaw`SELECT id FROM knowledge_bases WHERE id = ${kbId}::uuid FOR UPDATE`;
      const [row] = await tx.$queryRaw<{ missing: number }[]>`
        SELECT count(*)::int AS missing FROM chunks WHERE knowledge_base_id = ${kbId}::uuid AND pending_embedding IS NULL`;
      if (row!.missing > 0) return false;
      await tx.$executeRaw`
        UPDATE chunks SET embedding = pending_embedding, embedding_dim = pending_embedding_dim, pending_embedding = NULL, pending_embedding_dim = NULL
        WHERE knowledge_base_id = ${kbId}::uuid`;
      await tx.$executeRaw`
        UPDATE knowledge_bases SET embedding_base_url = pending_embedding_base_url, embedding_model = pending_embedding_model,
          embedding_dimension = pending_embedding_dimension, pending_embedding_base_url = NULL, pending_embedding_model = NULL,
          pending_embedding_dimension = NULL, updated_at = now()
        WHERE id = ${kbId}::uuid AND pending_embedding_model IS NOT NULL`;
      await tx.$executeRaw`UPDATE documents SET embedded_at = now() WHERE knowledge_base_id = ${kbId}::uuid`;
      return true;
    },
    { timeout: 300_000 },
  );
}

/** Marks documents whose chunks all have vectors as embedded. */
export async function markDocumentsEmbedded(scope: KnowledgeBaseScope, documentIds: readonly string[]): Promise<void> {
  if (documentIds.length === 0) return;
  await db().$executeRaw`
    UPDATE documents d SET embedded_at = now()
    WHERE d.id = ANY(${[...documentIds]}::uuid[]) AND d.knowledge_base_id = ANY(${[...scope.knowledgeBaseIds]}::uuid[]) AND d.embedded_at IS NULL
      AND NOT EXISTS (SELECT 1 FROM chunks c WHERE c.document_id = d.id AND c.embedding IS NULL)`;
}
