// `npm run bench:ingest`: the SciFact corpus into an empty knowledge base through the real ingestion path (chunking,
// embedding over HTTP by the fake model server, PostgreSQL writes), then the same corpus again (unchanged), and in the
// same run Chroma's add throughput for the very same chunks and vectors. Not a test: it prints figures.
import { parseArgs } from "node:util";
import { jobScope } from "@/lib/auth/system";
import { db } from "@/lib/db/client";
import type { StagedItem } from "@/lib/db/ingestion-jobs";
import { insertChunks, type ChunkRow } from "@/lib/db/vectors";
import { submitItems } from "@/lib/ingest/submit";
import { startFakeModelServer } from "@/scripts/fake-model-server";
import { createTestDatabase } from "@/tests/test-database";
import { startChroma } from "./bench/chroma";
import { DEFAULT_SCIFACT_DIR, loadCorpus } from "./bench/scifact";

function kbSettings(kb: { teamId: string; chatBaseUrl: string; chatModel: string; embeddingBaseUrl: string; embeddingModel: string; embeddingDimension: number }) {
  const { teamId, chatBaseUrl, chatModel, embeddingBaseUrl, embeddingModel, embeddingDimension } = kb;
  return { teamId, chatBaseUrl, chatModel, embeddingBaseUrl, embeddingModel, embeddingDimension };
}

const { values } = parseArgs({ options: { dataset: { type: "string", default: DEFAULT_SCIFACT_DIR }, limit: { type: "string" } } });
const corpus = loadCorpus(values.dataset).slice(0, values.limit ? Number(values.limit) : undefined);

const database = await createTestDatabase("bench");
process.env.DATABASE_URL = database.url;
const model = await startFakeModelServer({ port: 0, flavor: "ollama" });
try {
  const team = await db().team.create({ data: { name: `bench-${Date.now()}` } });
  const kb = await db().knowledgeBase.create({
    data: {
      slug: `bench-${Date.now()}`, name: "SciFact", teamId: team.id,
      chatBaseUrl: `${model.url}/v1`, chatModel: "gemma3:1b", embeddingBaseUrl: `${model.url}/v1`, embeddingModel: "all-minilm", embeddingDimension: 384,
    },
  });
  const scope = jobScope(kb.id, "benchmark");
  const items: StagedItem[] = corpus.map((doc) => ({ action: "upsert", sourceId: doc.sourceId, title: doc.title, content: doc.content, metadata: {} }));

  const ingest = async () => {
    const started = performance.now();
    const jobId = await submitItems(scope, "import", items, { source: "cli", details: { benchmark: true }, createdById: null, runInline: true });
    const seconds = (performance.now() - started) / 1000;
    const job = await db().ingestionJob.findUniqueOrThrow({ where: { id: jobId } });
    return { seconds, counts: job.counts };
  };

  console.log(`SciFact: ${corpus.length} documents; database: ${database.isEmbedded ? "embedded (PGlite)" : "PostgreSQL"}`);
  const first = await ingest();
  const chunkCount = await db().chunk.count({ where: { knowledgeBaseId: kb.id } });
  const second = await ingest();

  // Chroma gets the very chunks and vectors Enclave stored.
  const rows = await db().$queryRaw<{ id: bigint; text: string; embedding: string; source_id: string; document_id: string; ordinal: number }[]>`
    SELECT c.id, c.text, c.embedding::text AS embedding, d.source_id, c.document_id, c.ordinal FROM chunks c JOIN documents d ON d.id = c.document_id
    WHERE c.knowledge_base_id = ${kb.id}::uuid ORDER BY c.id`;

  // Store-only, like for like with Chroma's add: the same chunks and vectors written again (two writers, as the job runs).
  const copy = await db().knowledgeBase.create({ data: { ...kbSettings(kb), slug: `${kb.slug}-copy`, name: "SciFact copy" } });
  const copies = await db().$queryRaw<{ id: string; source_id: string }[]>`
    INSERT INTO documents (knowledge_base_id, source_id, title, content, content_hash)
    SELECT ${copy.id}::uuid, source_id, title, content, content_hash FROM documents WHERE knowledge_base_id = ${kb.id}::uuid RETURNING id, source_id`;
  const copyOf = new Map(copies.map((row) => [row.source_id, row.id]));
  const chunkRows: ChunkRow[] = rows.map((row) => ({
    documentId: copyOf.get(row.source_id)!, knowledgeBaseId: copy.id, ordinal: row.ordinal, text: row.text,
    startOffset: 0, endOffset: row.text.length, tokenCount: 0, context: "", embedding: JSON.parse(row.embedding) as number[],
  }));
  const storeStarted = performance.now();
  const batches: ChunkRow[][] = [];
  for (let start = 0; start < chunkRows.length; start += 150) batches.push(chunkRows.slice(start, start + 150));
  let next = 0;
  const writer = async () => {
    while (next < batches.length) {
      const batch = batches[next++]!;
      await db().$transaction((tx) => insertChunks(tx, 384, batch));
    }
  };
  await Promise.all([writer(), writer()]);
  const storeSeconds = (performance.now() - storeStarted) / 1000;
  const chroma = await startChroma();
  let chromaSeconds: number;
  try {
    const collection = await chroma.client.createCollection({ name: "scifact", configuration: { hnsw: { space: "cosine" } }, embeddingFunction: null });
    const started = performance.now();
    for (let start = 0; start < rows.length; start += 1000) {
      const batch = rows.slice(start, start + 1000);
      await collection.add({
        ids: batch.map((row) => String(row.id)),
        embeddings: batch.map((row) => JSON.parse(row.embedding) as number[]),
        documents: batch.map((row) => row.text),
        metadatas: batch.map((row) => ({ sourceId: row.source_id })),
      });
    }
    chromaSeconds = (performance.now() - started) / 1000;
  } finally {
    await chroma.stop();
  }

  const perSecond = (n: number, seconds: number) => Math.round(n / seconds);
  const table = [
    ["", "seconds", "documents/s", "chunks/s"],
    ["Enclave first ingest (chunk + embed + store)", first.seconds.toFixed(1), perSecond(corpus.length, first.seconds), perSecond(chunkCount, first.seconds)],
    ["Enclave re-ingest, unchanged (hash skip)", second.seconds.toFixed(1), perSecond(corpus.length, second.seconds), "-"],
    ["Enclave store only (same chunks and vectors)", storeSeconds.toFixed(1), perSecond(corpus.length, storeSeconds), perSecond(chunkCount, storeSeconds)],
    ["Chroma add (same chunks and vectors, precomputed)", chromaSeconds.toFixed(1), perSecond(corpus.length, chromaSeconds), perSecond(chunkCount, chromaSeconds)],
  ];
  for (const row of table) console.log(row.map((cell, i) => String(cell).padEnd(i === 0 ? 52 : 12)).join(""));
  console.log(`first ingest counts ${JSON.stringify(first.counts)}; re-ingest counts ${JSON.stringify(second.counts)}; ${chunkCount} chunks`);
  console.log(
    `Speed vs Chroma add: store only ${(chromaSeconds / storeSeconds).toFixed(2)}x, end to end ${(chromaSeconds / first.seconds).toFixed(2)}x; ` +
      `unchanged re-ingest ${(first.seconds / second.seconds).toFixed(1)}x faster than the first ingest`,
  );
  console.log(JSON.stringify({ documents: corpus.length, chunks: chunkCount, enclaveSeconds: first.seconds, reingestSeconds: second.seconds, storeSeconds, chromaSeconds }));
} finally {
  await model.close();
  await db().$disconnect();
  await database.drop();
}
