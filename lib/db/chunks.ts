import "server-only";
import type { KnowledgeBaseScope } from "@/lib/auth/scope";
import { db } from "./client";

export interface PassageRow {
  chunkId: bigint;
  documentId: string;
  knowledgeBaseId: string;
  sourceId: string;
  title: string;
  context: string;
  text: string;
  ordinal: number;
  startOffset: number;
  endOffset: number;
}

/** The chunks with these ids, with their documents' source id and title, limited to the scope (order not kept). */
export async function getPassages(scope: KnowledgeBaseScope, chunkIds: readonly bigint[]): Promise<PassageRow[]> {
  if (chunkIds.length === 0) return [];
  const rows = await db().chunk.findMany({
    where: { id: { in: [...chunkIds] }, knowledgeBaseId: { in: [...scope.knowledgeBaseIds] } },
    select: {
      id: true, documentId: true, knowledgeBaseId: true, context: true, text: true, ordinal: true, startOffset: true, endOffset: true,
      document: { select: { sourceId: true, title: true } },
    },
  });
  return rows.map(({ id, document, ...row }) => ({ chunkId: id, sourceId: document.sourceId, title: document.title, ...row }));
}

/** Whether the knowledge base has any chunk with a vector of this dimension (hybrid search is worth trying). */
export async function hasEmbeddedChunks(scope: KnowledgeBaseScope, dimension: number): Promise<boolean> {
  const chunk = await db().chunk.findFirst({ where: { knowledgeBaseId: { in: [...scope.knowledgeBaseIds] }, embeddingDim: dimension }, select: { id: true } });
  return chunk !== null;
}
