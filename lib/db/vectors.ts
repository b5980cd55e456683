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

// ef_search trades speed for recall; 100 keeps recall@10 near 0.95 on a filtered index (see PLATFORM.md).
const EF_SEARCH = 100;

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
  const rows = await db().$transaction(async (tx) => {
    // Filtered HNSW: keep scanning the graph until k rows pass the knowledge-base filter (pgvector 0.8).
    await tx.$executeRaw`SELECT set_config('hnsw.iterative_scan', 'relaxed_order', true), set_config('hnsw.ef_search', ${String(Math.max(EF_SEARCH, k))}, true)`;
    return isIndexed
      ? tx.$queryRaw<{ id: bigint; distance: number }[]>`
          SELECT id, (embedding::${cast} <=> ${query}::${cast}) AS distance FROM chunks
          WHERE embedding_dim = ${dimension} AND knowledge_base_id = ANY(${kbIds}::uuid[])
          ORDER BY embedding::${cast} <=> ${query}::${cast} LIMIT ${k}`
      : tx.$queryRaw<{ id: bigint; distance: number }[]>`
          SELECT id, (embedding <=> ${query}::vector) AS distance FROM chunks
          WHERE embedding_dim = ${dimension} AND knowledge_base_id = ANY(${kbIds}::uuid[])
          ORDER BY embedding <=> ${query}::vector LIMIT ${k}`;
  });
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
