// `npm run bench:retrieval`: the same chunks and vectors in Enclave's store (PostgreSQL + pgvector HNSW, through
// lib/db/vectors.ts) and in Chroma (the prototype's store), at 10k and 100k chunks; query latency p50/p95 and recall@10
// against exact search for both, with the ratio, plus Enclave's hybrid (BM25 + vectors) latency and a breakdown of
// where Enclave's vector query spends its time. Runs on a throwaway database of DATABASE_URL's server (or an embedded one).
import { parseArgs } from "node:util";
import pg from "pg";
import { PrismaPg } from "@prisma/adapter-pg";
import type { Collection } from "chromadb";
import { jobScope } from "@/lib/auth/system";
import { db } from "@/lib/db/client";
import { PrismaClient } from "@/lib/db/generated/client";
import { searchChunksByText } from "@/lib/db/lexical";
import { insertChunks, nearestChunks, type ChunkRow } from "@/lib/db/vectors";
import { loadBeirDataset } from "@/lib/eval/beir";
import { retrieve } from "@/lib/rag/retrieve";
import { startFakeModelServer } from "@/scripts/fake-model-server";
import { createTestDatabase } from "@/tests/test-database";
import { startChroma } from "./bench/chroma";
import { exactTopK, latency, recall, timeEach, type Latency } from "./bench/knn";
import { baseChunks, chunksUpTo, chunkVector, DIMENSION, queryVector, type BenchChunk } from "./bench/retrieval-corpus";
import { DEFAULT_SCIFACT_DIR, loadCorpus } from "./bench/scifact";

const { values } = parseArgs({
  options: {
    dataset: { type: "string", default: DEFAULT_SCIFACT_DIR },
    sizes: { type: "string", default: "10000,100000" },
    queries: { type: "string", default: "300" },
    ef: { type: "string", default: "100" },
    "ef-alt": { type: "string", default: "200" },
    // e.g. "m = 16, ef_construction = 128": after the largest size, rebuild Enclave's HNSW index with these options
    // (pgvector's defaults are m = 16, ef_construction = 64) and measure the vector query again.
    "rebuild-index": { type: "string" },
  },
});
const sizes = values.sizes.split(",").map(Number).sort((a, b) => a - b);
const [ef, efAlt] = [Number(values.ef), Number(values["ef-alt"])];
const K = 10;
// Exactly nearestChunks' query (lib/db/vectors.ts), for timing it outside Prisma and reading its plan.
const NEAREST_SQL = `SELECT id FROM chunks WHERE embedding_dim = 384 AND knowledge_base_id = $1::uuid
  ORDER BY embedding::vector(384) <=> $2::vector(384) LIMIT ${K}`;


const corpus = loadCorpus(values.dataset);
const base = baseChunks(corpus);
const queries = loadBeirDataset(values.dataset).queries.slice(0, Number(values.queries)).map((query) => ({ text: query.text, vector: queryVector(query.text) }));

const database = await createTestDatabase("bench");
process.env.DATABASE_URL = database.url;
const model = await startFakeModelServer({ port: 0, flavor: "ollama" });
const chroma = await startChroma();
const raw = new pg.Client({ connectionString: database.url });
await raw.connect();
const tuned = new PrismaClient({
  adapter: new PrismaPg({ connectionString: database.url, max: 2, options: `-c hnsw.ef_search=${ef} -c hnsw.iterative_scan=relaxed_order -c jit=off` }),
});
let benchKnowledgeBaseId = "";

interface Row {
  size: number;
  store: string;
  latency: Latency;
  recall?: number;
}
const rows: Row[] = [];
let plansWithoutIndex = 0;
const log = (line: string) => console.log(line);

try {
  const team = await db().team.create({ data: { name: `bench-${Date.now()}` } });
  const kb = await db().knowledgeBase.create({
    data: {
      slug: `bench-retrieval-${Date.now()}`, name: "SciFact retrieval benchmark", teamId: team.id, chatBaseUrl: `${model.url}/v1`, chatModel: "gemma3:1b",
      embeddingBaseUrl: `${model.url}/v1`, embeddingModel: "all-minilm", embeddingDimension: DIMENSION, relevanceFloor: 0,
    },
  });
  const scope = jobScope(kb.id, "benchmark");
  benchKnowledgeBaseId = kb.id;
  const collection = await chroma.client.createCollection({ name: "scifact", configuration: { hnsw: { space: "cosine", ef_search: ef } }, embeddingFunction: null });
  const vectors = new Float32Array(sizes.at(-1)! * DIMENSION);
  const keys: string[] = [];
  log(`SciFact: ${corpus.length} abstracts → ${base.length} chunks; ${queries.length} queries; k = ${K}; HNSW ef_search ${ef} for both stores (Chroma: space cosine, other settings default)`);

  for (const size of sizes) {
    const fresh = chunksUpTo(base, keys.length, size);
    fresh.forEach((chunk, index) => vectors.set(chunkVector(chunk), (keys.length + index) * DIMENSION));
    const enclaveSeconds = await loadEnclave(kb.id, fresh, keys.length, vectors);
    const chromaSeconds = await loadChroma(collection, fresh, keys.length, vectors);
    keys.push(...fresh.map((chunk) => chunk.key));
    log(`\n== ${size.toLocaleString("en")} chunks (loaded in ${enclaveSeconds.toFixed(0)} s into Enclave, ${chromaSeconds.toFixed(0)} s into Chroma)`);

    const loaded = vectors.subarray(0, size * DIMENSION);
    const exact = queries.map((query) => exactTopK(loaded, DIMENSION, query.vector, K).map((index) => keys[index]!));
    const keyOf = await chunkKeys(kb.id);

    const enclave = await timeEach(queries, async (query) => (await nearestChunks(scope, Array.from(query.vector), K)).map((hit) => keyOf.get(hit.chunkId)!));
    rows.push({ size, store: `Enclave nearestChunks (ef ${ef})`, latency: latency(enclave.ms), recall: meanRecall(enclave.results, exact) });
    const chromaRun = await timeEach(queries, (query) => queryChroma(collection, query.vector));
    rows.push({ size, store: `Chroma (ef ${ef})`, latency: latency(chromaRun.ms), recall: meanRecall(chromaRun.results, exact) });

    // The same query through Prisma as one statement, with the settings given once per connection (what lib/db/client.ts
    // could do), instead of nearestChunks' interactive transaction (BEGIN, set_config, SELECT, COMMIT).
    const perConnection = await timeEach(queries, async (query) => (await prismaNearest(query.vector)).map((id) => keyOf.get(id)!));
    rows.push({ size, store: `  Enclave via Prisma, one statement, settings per connection`, latency: latency(perConnection.ms), recall: meanRecall(perConnection.results, exact) });
    const lexical = await timeEach(queries, (query) => searchChunksByText(scope, query.text, 40));
    rows.push({ size, store: "  Enclave BM25 alone (searchChunksByText, 40 candidates)", latency: latency(lexical.ms) });

    // Where Enclave's time goes: the same SQL on one connection with the settings set once (one round trip per query
    // instead of nearestChunks' transaction of four), its server-side execution time, and a wider ef_search.
    for (const efSearch of [ef, efAlt]) {
      await raw.query(`SET hnsw.iterative_scan = relaxed_order; SET hnsw.ef_search = ${efSearch}; SET jit = off`);
      const single = await timeEach(queries, async (query) => (await rawNearest(raw, kb.id, query.vector)).map((id) => keyOf.get(id)!));
      rows.push({ size, store: `  Enclave SQL, one statement (ef ${efSearch})`, latency: latency(single.ms), recall: meanRecall(single.results, exact) });
    }
    await raw.query(`SET hnsw.ef_search = ${ef}`);
    plansWithoutIndex = 0;
    const server = await timeEach(queries.slice(0, 100), (query) => explainMs(raw, kb.id, query.vector), 0);
    const scanNote = plansWithoutIndex ? `, ${plansWithoutIndex} of ${server.results.length} exact scans` : "";
    rows.push({ size, store: `  Enclave SQL, server execution only (ef ${ef}${scanNote})`, latency: latency(server.results) });
    // Chroma applies a changed ef_search when it loads the collection again (a running server keeps the old one).
    await collection.modify({ configuration: { hnsw: { ef_search: efAlt } } });
    await chroma.restart();
    const chromaAlt = await timeEach(queries, (query) => queryChroma(collection, query.vector));
    rows.push({ size, store: `  Chroma (ef ${efAlt})`, latency: latency(chromaAlt.ms), recall: meanRecall(chromaAlt.results, exact) });
    await collection.modify({ configuration: { hnsw: { ef_search: ef } } });
    await chroma.restart();

    const settings = { ...kb, apiKey: null, topK: K };
    const hybridSearch: number[] = [];
    const hybrid = await timeEach(queries, async (query) => {
      const result = await retrieve(scope, settings, query.text, { mode: "hybrid", k: K });
      hybridSearch.push(result.timings.searchMs);
      return result;
    });
    rows.push({ size, store: "Enclave hybrid, search (BM25 + vector + passages)", latency: latency(hybridSearch.slice(-queries.length)) });
    rows.push({ size, store: "Enclave hybrid, with query embedding over HTTP", latency: latency(hybrid.ms) });

    printSize(size);
    if (size === sizes.at(-1) && values["rebuild-index"]) await rebuiltIndex(size, values["rebuild-index"], exact, keyOf);
  }
  console.log(JSON.stringify({ queries: queries.length, k: K, ef, efAlt, rows: rows.map((row) => ({ ...row, store: row.store.trim() })) }));
} finally {
  await raw.end().catch(() => undefined);
  await tuned.$disconnect();
  await chroma.stop();
  await model.close();
  await db().$disconnect();
  await database.drop();
}

/** Documents, then chunks with their vectors, through lib/db/vectors.ts insertChunks (two writers, 500 rows a batch). */
async function loadEnclave(knowledgeBaseId: string, chunks: BenchChunk[], offset: number, vectors: Float32Array): Promise<number> {
  const started = performance.now();
  const bySource = new Map<string, BenchChunk>();
  for (const chunk of chunks) if (!bySource.has(chunk.sourceId)) bySource.set(chunk.sourceId, chunk);
  const docs = [...bySource.values()];
  const documentIds = new Map<string, string>();
  for (let start = 0; start < docs.length; start += 2000) {
    const batch = docs.slice(start, start + 2000);
    const inserted = await db().$queryRaw<{ id: string; source_id: string }[]>`
      INSERT INTO documents (knowledge_base_id, source_id, title, content, content_hash)
      SELECT ${knowledgeBaseId}::uuid, d.source_id, d.title, '', d.source_id FROM unnest(${batch.map((doc) => doc.sourceId)}::text[], ${batch.map((doc) => doc.title)}::text[]) AS d(source_id, title)
      ON CONFLICT (knowledge_base_id, source_id) DO UPDATE SET updated_at = now() RETURNING id, source_id`;
    for (const row of inserted) documentIds.set(row.source_id, row.id);
  }
  const rowsToInsert: ChunkRow[] = chunks.map((chunk, index) => ({
    documentId: documentIds.get(chunk.sourceId)!, knowledgeBaseId, ordinal: chunk.ordinal, text: chunk.text, startOffset: 0, endOffset: chunk.text.length,
    tokenCount: 0, context: chunk.context, embedding: Array.from(vectors.subarray((offset + index) * DIMENSION, (offset + index + 1) * DIMENSION)),
  }));
  let next = 0;
  const writer = async () => {
    while (next < rowsToInsert.length) {
      const batch = rowsToInsert.slice(next, (next += 500));
      await db().$transaction((tx) => insertChunks(tx, DIMENSION, batch), { timeout: 300_000 });
    }
  };
  await Promise.all([writer(), writer()]);
  await db().$executeRaw`ANALYZE chunks`;
  await db().$executeRaw`ANALYZE chunk_terms`;
  return (performance.now() - started) / 1000;
}

async function loadChroma(collection: Collection, chunks: BenchChunk[], offset: number, vectors: Float32Array): Promise<number> {
  const started = performance.now();
  for (let start = 0; start < chunks.length; start += 1000) {
    const batch = chunks.slice(start, start + 1000);
    await collection.add({
      ids: batch.map((chunk) => chunk.key),
      embeddings: batch.map((_, index) => Array.from(vectors.subarray((offset + start + index) * DIMENSION, (offset + start + index + 1) * DIMENSION))),
    });
  }
  return (performance.now() - started) / 1000;
}

async function queryChroma(collection: Collection, vector: Float32Array): Promise<string[]> {
  const result = await collection.query({ queryEmbeddings: [Array.from(vector)], nResults: K, include: ["distances"] });
  return result.ids[0] ?? [];
}

async function chunkKeys(knowledgeBaseId: string): Promise<Map<bigint, string>> {
  const rows = await db().$queryRaw<{ id: bigint; source_id: string; ordinal: number }[]>`
    SELECT c.id, d.source_id, c.ordinal FROM chunks c JOIN documents d ON d.id = c.document_id WHERE c.knowledge_base_id = ${knowledgeBaseId}::uuid`;
  return new Map(rows.map((row) => [row.id, `${row.source_id}#${row.ordinal}`]));
}

async function rawNearest(client: pg.Client, knowledgeBaseId: string, vector: Float32Array): Promise<bigint[]> {
  const result = await client.query<{ id: string }>(NEAREST_SQL, [knowledgeBaseId, `[${Array.from(vector).join(",")}]`]);
  return result.rows.map((row) => BigInt(row.id));
}

/** nearestChunks' SQL as a single statement on a client whose connections carry the HNSW settings. */
async function prismaNearest(vector: Float32Array): Promise<bigint[]> {
  const literal = `[${Array.from(vector).join(",")}]`;
  const rows = await tuned.$queryRaw<{ id: bigint }[]>`
    SELECT id FROM chunks WHERE embedding_dim = 384 AND knowledge_base_id = ${benchKnowledgeBaseId}::uuid
    ORDER BY embedding::vector(384) <=> ${literal}::vector(384) LIMIT ${K}`;
  return rows.map((row) => row.id);
}

async function explainMs(client: pg.Client, knowledgeBaseId: string, vector: Float32Array): Promise<number> {
  const result = await client.query<{ "QUERY PLAN": { "Execution Time": number; Plan: unknown }[] }>(`EXPLAIN (ANALYZE, FORMAT JSON) ${NEAREST_SQL}`, [knowledgeBaseId, `[${Array.from(vector).join(",")}]`]);
  const plan = result.rows[0]!["QUERY PLAN"][0]!;
  plansWithoutIndex += JSON.stringify(plan.Plan).includes("chunks_embedding_384_idx") ? 0 : 1;
  return plan["Execution Time"];
}

/** The vector query again after rebuilding the HNSW index with other build options (in this throwaway database only). */
async function rebuiltIndex(size: number, options: string, exact: string[][], keyOf: Map<bigint, string>) {
  if (!/^[a-z_]+\s*=\s*\d+(\s*,\s*[a-z_]+\s*=\s*\d+)*$/.test(options)) throw new Error(`--rebuild-index: expected "m = 16, ef_construction = 128", not ${options}`);
  const started = performance.now();
  await raw.query("SET maintenance_work_mem = '512MB'");
  await raw.query("DROP INDEX chunks_embedding_384_idx");
  await raw.query(`CREATE INDEX chunks_embedding_384_idx ON chunks USING hnsw ((embedding::vector(384)) vector_cosine_ops) WITH (${options}) WHERE embedding_dim = 384`);
  log(`\n== ${size.toLocaleString("en")} chunks, HNSW index rebuilt WITH (${options}) in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  const before = rows.length;
  for (const efSearch of [ef, efAlt]) {
    await raw.query(`SET hnsw.ef_search = ${efSearch}`);
    const single = await timeEach(queries, async (query) => (await rawNearest(raw, benchKnowledgeBaseId, query.vector)).map((id) => keyOf.get(id)!));
    rows.push({ size, store: `  Enclave SQL, one statement (ef ${efSearch}, ${options})`, latency: latency(single.ms), recall: meanRecall(single.results, exact) });
  }
  for (const row of rows.slice(before)) {
    log(`${row.store.padEnd(52)}${row.latency.p50.toFixed(2).padStart(9)}${row.latency.p95.toFixed(2).padStart(9)}${row.recall!.toFixed(3).padStart(11)}`);
  }
}

function meanRecall(found: string[][], exact: string[][]): number {
  return found.reduce((sum, ids, index) => sum + recall(ids, exact[index]!), 0) / found.length;
}

function printSize(size: number) {
  const mine = rows.filter((row) => row.size === size);
  log(`${"store".padEnd(52)}${"p50 ms".padStart(9)}${"p95 ms".padStart(9)}${"recall@10".padStart(11)}`);
  for (const row of mine) {
    log(`${row.store.padEnd(52)}${row.latency.p50.toFixed(2).padStart(9)}${row.latency.p95.toFixed(2).padStart(9)}${(row.recall === undefined ? "" : row.recall.toFixed(3)).padStart(11)}`);
  }
  const enclave = mine[0]!;
  const chromaRow = mine[1]!;
  log(
    `Chroma ÷ Enclave latency: p50 ${(chromaRow.latency.p50 / enclave.latency.p50).toFixed(2)}x, p95 ${(chromaRow.latency.p95 / enclave.latency.p95).toFixed(2)}x ` +
      `(> 1: Enclave faster); recall@10 Enclave ${enclave.recall!.toFixed(3)} vs Chroma ${chromaRow.recall!.toFixed(3)}`,
  );
}
