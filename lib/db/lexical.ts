import "server-only";
import type { KnowledgeBaseScope } from "@/lib/auth/scope";
import { db } from "./client";

export interface LexicalHit {
  chunkId: bigint;
  score: number;
}

/**
 * Full-text search over the generated `tsv` column: any of the query's lexemes may match (an AND query finds
 * nothing for most natural-language questions), ranked by ts_rank.
 */
export async function searchChunksByText(scope: KnowledgeBaseScope, text: string, k: number): Promise<LexicalHit[]> {
  const kbIds = [...scope.knowledgeBaseIds];
  if (kbIds.length === 0 || k <= 0) return [];
  // The OR query is assembled in SQL from each lexeme's own tsquery text, which PostgreSQL quotes itself.
  const rows = await db().$queryRaw<{ id: bigint; score: number }[]>`
    WITH q AS (
      SELECT string_agg(plainto_tsquery('simple', lexeme)::text, ' | ')::tsquery AS query
      FROM unnest(tsvector_to_array(to_tsvector('english', ${text}))) AS lexeme
      WHERE plainto_tsquery('simple', lexeme)::text <> ''
    )
    SELECT c.id, ts_rank(c.tsv, q.query) AS score
    FROM chunks c, q
    WHERE c.tsv @@ q.query AND c.knowledge_base_id = ANY(${kbIds}::uuid[])
    ORDER BY score DESC, c.id
    LIMIT ${k}`;
  return rows.map((row) => ({ chunkId: row.id, score: Number(row.score) }));
}
