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
  // One statement with the join (Prisma's relation select is a second round trip): this sits before the first token.
  const rows = await db().$queryRaw<
    { id: bigint; document_id: string; knowledge_base_id: string; source_id: string; title: string; context: string; text: string; ordinal: number; start_offset: number; end_offset: number }[]
  >`
    SELECT c.id, c.document_id, c.knowledge_base_id, d.source_id, d.title, c.context, c.text, c.ordinal, c.start_offset, c.end_offset
    FROM chunks c JOIN documents d ON d.id = c.document_id
    WHERE c.id = ANY(${[...chunkIds]}::bigint[]) AND c.knowledge_base_id = ANY(${[...scope.knowledgeBaseIds]}::uuid[])`;
  return rows.map((row) => ({
    chunkId: row.id,
    documentId: row.document_id,
    knowledgeBaseId: row.knowledge_base_id,
    sourceId: row.source_id,
    title: row.title,
    context: row.context,
    text: row.text,
    ordinal: row.ordinal,
    startOffset: row.start_offset,
    endOffset: row.end_offset,
  }));
}

/** Whether the knowledge base has any chunk with a vector of this dimension (hybrid search is worth trying). */
export async function hasEmbeddedChunks(scope: KnowledgeBaseScope, dimension: number): Promise<boolean> {
  const chunk = await db().chunk.findFirst({ where: { knowledgeBaseId: { in: [...scope.knowledgeBaseIds] }, embeddingDim: dimension }, select: { id: true } });
  return chunk !== null;
}
