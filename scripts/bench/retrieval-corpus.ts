// The chunks and vectors `npm run bench:retrieval` loads into both stores: SciFact abstracts chunked as Enclave chunks
// them, repeated with suffixed ids (and a "replicaN" word, so copies are near-duplicates rather than identical) until
// the wanted size, embedded with the fake model server's deterministic bag-of-words embedder (384 dimensions).
import { chunkContext, embeddingInput } from "@/lib/ingest/core";
import { chunkDocument, effectiveChunkTokens } from "@/lib/rag/chunk";
import { tokenCounterFor } from "@/lib/rag/tokenizers";
import { fakeEmbedding } from "@/scripts/fake-model-server";
import type { CorpusDocument } from "./scifact";

export const DIMENSION = 384;
const MODEL = "all-minilm";

export interface BenchChunk {
  /** The id both stores know the chunk by: "<source id>#<ordinal>". */
  key: string;
  sourceId: string;
  title: string;
  ordinal: number;
  text: string;
  context: string;
}

/** SciFact's chunks as Enclave's ingestion makes them (chunk size 200, overlap 30, all-minilm's token counter). */
export function baseChunks(corpus: readonly CorpusDocument[]): BenchChunk[] {
  const { maxTokens, overlapTokens } = effectiveChunkTokens({ chunkSize: 200, chunkOverlap: 30, embeddingModel: MODEL });
  const counter = tokenCounterFor(MODEL);
  return corpus.flatMap((doc) =>
    chunkDocument(doc.content, { maxTokens, overlapTokens, counter }).map((chunk) => ({
      key: `${doc.sourceId}#${chunk.ordinal}`,
      sourceId: doc.sourceId,
      title: doc.title,
      ordinal: chunk.ordinal,
      text: chunk.text,
      context: chunkContext(doc.title, chunk.headingPath, counter),
    })),
  );
}

/** The first `size` chunks of the base chunks repeated: copy r has source ids suffixed "~r" and a "replicar" word. */
export function chunksUpTo(base: readonly BenchChunk[], from: number, size: number): BenchChunk[] {
  const chunks: BenchChunk[] = [];
  for (let index = from; index < size; index++) {
    const copy = Math.floor(index / base.length);
    const chunk = base[index % base.length]!;
    if (copy === 0) chunks.push(chunk);
    else chunks.push({ ...chunk, key: `${chunk.sourceId}~${copy}#${chunk.ordinal}`, sourceId: `${chunk.sourceId}~${copy}`, text: `${chunk.text}\nreplica${copy}` });
  }
  return chunks;
}

/** The vector Enclave's ingestion would store for a chunk (document prefix, context, text), from the fake embedder. */
export function chunkVector(chunk: BenchChunk): Float32Array {
  return Float32Array.from(fakeEmbedding(embeddingInput(MODEL, chunk.context, chunk.text), DIMENSION));
}

export function queryVector(text: string): Float32Array {
  return Float32Array.from(fakeEmbedding(text, DIMENSION));
}
