// The knowledge base of `npm run bench:chat`: 100k passages, built in about two minutes. The SciFact abstracts go
// through the real ingestion core once (the real chunker, embeddings from the fake model server over HTTP, BM25
// postings written by the triggers: 11,870 passages), then whole documents are copied in SQL with suffixed source ids
// until the base holds the target. Copies keep the text (so BM25 posting lists grow as in a 9x larger corpus of the
// same kind) and get their vector plus a little noise (near-duplicates, not identical points, which would make the
// HNSW graph unrealistically easy or hard). Ingesting 100k passages for real would take ~4 minutes of HNSW inserts
// (~800 rows/s, see README) and measures ingestion, which bench:ingest already does; so the copies are written
// without the HNSW index, which is then rebuilt once, as a restore would. Setup code: this SQL runs only on the
// benchmark's throwaway database.
import { jobScope } from "@/lib/auth/system";
import { db } from "@/lib/db/client";
import type { StagedItem } from "@/lib/db/ingestion-jobs";
import { submitItems } from "@/lib/ingest/submit";

export interface ChatCorpus {
  documents: number;
  chunks: number;
  seconds: { ingest: number; copy: number; index: number };
}

/** Fills the knowledge base with `corpus`, ingested for real, then copied until it has about `target` passages. */
export async function buildChatCorpus(
  knowledgeBaseId: string,
  corpus: { sourceId: string; title: string; content: string }[],
  target: number,
  log: (line: string) => void,
): Promise<ChatCorpus> {
  const scope = jobScope(knowledgeBaseId, "benchmark");
  const items: StagedItem[] = corpus.map((doc) => ({ action: "upsert", sourceId: doc.sourceId, title: doc.title, content: doc.content, metadata: {} }));
  let started = performance.now();
  await submitItems(scope, "import", items, { source: "cli", details: { benchmark: true }, createdById: null, runInline: true });
  const ingest = seconds(started);
  const base = await db().chunk.count({ where: { knowledgeBaseId } });
  log(`    ingested ${corpus.length} documents, ${base} passages, through the ingestion core in ${ingest.toFixed(1)} s`);

  started = performance.now();
  const fullCopies = Math.max(0, Math.floor((target - base) / base));
  const remainder = Math.max(0, target - base - fullCopies * base);
  // The vector index is rebuilt after the bulk copy, exactly as the migrations defined it (read back, not restated).
  const [vectorIndex] = await db().$queryRaw<{ indexdef: string }[]>`SELECT indexdef FROM pg_indexes WHERE indexname = 'chunks_embedding_384_idx'`;
  if (!vectorIndex) throw new Error("chunks_embedding_384_idx is missing: are the migrations applied?");
  await db().$executeRaw`DROP INDEX chunks_embedding_384_idx`;
  // Copy n of a document is "<sourceId>~n"; the last copy takes documents in source-id order until the target.
  await db().$executeRaw`
    INSERT INTO documents (knowledge_base_id, source_id, title, content, content_hash, embedded_at)
    SELECT d.knowledge_base_id, d.source_id || '~' || n, d.title, d.content, d.content_hash, d.embedded_at
    FROM (SELECT d.*, c.count, sum(c.count) OVER (ORDER BY d.source_id) AS running
          FROM documents d JOIN (SELECT document_id, count(*) FROM chunks GROUP BY document_id) c ON c.document_id = d.id
          WHERE d.knowledge_base_id = ${knowledgeBaseId}::uuid) d
    CROSS JOIN generate_series(1, ${fullCopies + 1}::int) AS n
    WHERE n <= ${fullCopies}::int OR d.running - d.count < ${remainder}::int`;
  await db().$transaction(
    async (tx) => {
      await tx.$executeRaw`SET LOCAL work_mem = '256MB'`;
      // Noise of +-0.005 per dimension: cosine ~0.99 to the original, so copies rank beside it, not on top of it.
      await tx.$executeRaw`
        INSERT INTO chunks (document_id, knowledge_base_id, ordinal, text, start_offset, end_offset, token_count, context, embedding, embedding_dim)
        SELECT copy.id, c.knowledge_base_id, c.ordinal, c.text, c.start_offset, c.end_offset, c.token_count, c.context,
          c.embedding::vector(384) + (SELECT array_agg(((random() - 0.5) * 0.01)::real)::vector FROM generate_series(1, 384 + 0 * c.ordinal)),
          c.embedding_dim
        FROM documents copy
        JOIN documents original ON original.knowledge_base_id = copy.knowledge_base_id AND original.source_id = split_part(copy.source_id, '~', 1)
        JOIN chunks c ON c.document_id = original.id
        WHERE copy.knowledge_base_id = ${knowledgeBaseId}::uuid AND copy.source_id LIKE '%~%'`;
    },
    { timeout: 1_800_000 },
  );
  const copy = seconds(started);

  started = performance.now();
  await db().$transaction(
    async (tx) => {
      await tx.$executeRaw`SET LOCAL maintenance_work_mem = '1GB'`;
      await tx.$executeRaw`SET LOCAL max_parallel_maintenance_workers = 2`;
      await tx.$executeRawUnsafe(vectorIndex.indexdef);
    },
    { timeout: 1_800_000 },
  );
  await db().$executeRaw`VACUUM (ANALYZE) chunks, chunk_terms, documents`;
  const index = seconds(started);

  const [documents, chunks] = await Promise.all([db().document.count({ where: { knowledgeBaseId } }), db().chunk.count({ where: { knowledgeBaseId } })]);
  log(`    copied to ${documents} documents, ${chunks} passages in ${copy.toFixed(1)} s; HNSW index rebuilt and tables vacuumed in ${index.toFixed(1)} s`);
  return { documents, chunks, seconds: { ingest, copy, index } };
}

function seconds(since: number): number {
  return (performance.now() - since) / 1000;
}
