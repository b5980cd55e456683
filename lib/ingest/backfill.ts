import "server-only";
import { jobScope } from "@/lib/auth/system";
import { db } from "@/lib/db/client";
import { chunksToEmbed, markDocumentsEmbedded, switchToPendingEmbeddings, writeEmbeddings, writePendingEmbeddings } from "@/lib/db/vectors";
import { AppError } from "@/lib/errors";
import { embedTexts, EmbeddingUnavailableError } from "@/lib/rag/embed";
import { embeddingInput } from "./core";

// Embeds what a knowledge base's chunks lack: the serving model's vectors for chunks stored while the endpoint was
// down, or, while an admin's new embedding model is pending, that model's vectors for every chunk; then switches over.

const BATCH = 256;

export interface EmbeddingSliceResult {
  isDone: boolean;
  /** The endpoint is down: try again later. */
  unavailable?: string;
}

export async function runEmbeddingSlice(knowledgeBaseId: string, options: { deadline?: number } = {}): Promise<EmbeddingSliceResult> {
  const kb = await db().knowledgeBase.findUnique({ where: { id: knowledgeBaseId } });
  if (!kb) return { isDone: true };
  const scope = jobScope(kb.id, "embedding backfill");
  const isPending = kb.pendingEmbeddingModel !== null;
  const settings = isPending
    ? { embeddingBaseUrl: kb.pendingEmbeddingBaseUrl!, embeddingModel: kb.pendingEmbeddingModel!, embeddingDimension: kb.pendingEmbeddingDimension! }
    : kb;
  for (;;) {
    const chunks = await chunksToEmbed(scope, isPending, BATCH);
    if (chunks.length === 0) break;
    let vectors: number[][];
    try {
      vectors = await embedTexts(settings, chunks.map((chunk) => embeddingInput(settings.embeddingModel, chunk.context, chunk.text)));
    } catch (error) {
      if (error instanceof EmbeddingUnavailableError) return { isDone: false, unavailable: error.message };
      if (error instanceof AppError) {
        console.error(`embedding backfill of ${kb.slug} stopped: ${error.message}`);
        return { isDone: true };
      }
      throw error;
    }
    const writes = chunks.map((chunk, index) => ({ chunkId: chunk.id, embedding: vectors[index]! }));
    if (isPending) {
      await writePendingEmbeddings(scope, settings.embeddingDimension, writes);
    } else {
      await writeEmbeddings(scope, settings.embeddingDimension, writes);
      await markDocumentsEmbedded(scope, [...new Set(chunks.map((chunk) => chunk.documentId))]);
    }
    if (options.deadline && Date.now() > options.deadline) return { isDone: false };
  }
  if (isPending && !(await switchToPendingEmbeddings(scope))) return { isDone: false };
  return { isDone: true };
}
