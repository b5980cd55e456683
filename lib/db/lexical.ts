import "server-only";
import type { KnowledgeBaseScope } from "@/lib/auth/scope";
import { db } from "./client";

// BM25 over the postings in chunk_terms (maintained by triggers, see prisma/migrations/0004_lexical). Any query term
// may match (BM25 is a sum over the terms present), so natural-language questions find passages that AND-queries miss.

/** A term in at most this share of a base's chunks is "rare": only rare terms nominate candidates (when any). */
const RARE_SHARE = 0.05;

/** Lucene and Elasticsearch defaults (Robertson's classic values). */
export const BM25 = { k1: 1.2, b: 0.75 } as const;

export interface LexicalHit {
  chunkId: bigint;
  score: number;
  /** 0..1: the share of the question's IDF-weighted terms the chunk contains (a term no chunk has weighs most). */
  coverage: number;
}

interface CorpusStats {
  chunks: number;
  averageLength: number;
  at: number;
}

// N and the average length move slowly; recomputing them per query would cost a scan of every chunk of the base
// (~20 ms at 100k chunks). Figures older than the TTL are still used while one refresh runs in the background, and
// concurrent questions share that one refresh; only a base never seen waits for its figures.
const STATS_TTL_MS = 10_000;
const statsCache = new Map<string, CorpusStats>();
const refreshing = new Map<string, Promise<void>>();

async function corpusStats(knowledgeBaseIds: readonly string[]): Promise<Map<string, CorpusStats>> {
  const now = Date.now();
  const stale = knowledgeBaseIds.filter((id) => (statsCache.get(id)?.at ?? now) < now - STATS_TTL_MS);
  if (stale.length > 0) refreshStats(stale).catch(() => undefined); // the next question after a failure retries
  const missing = knowledgeBaseIds.filter((id) => !statsCache.has(id));
  if (missing.length > 0) await refreshStats(missing);
  return new Map(knowledgeBaseIds.map((id) => [id, statsCache.get(id)!]));
}

function refreshStats(knowledgeBaseIds: readonly string[]): Promise<unknown> {
  const todo = knowledgeBaseIds.filter((id) => !refreshing.has(id));
  if (todo.length > 0) {
    const work = loadStats(todo).finally(() => todo.forEach((id) => refreshing.delete(id)));
    todo.forEach((id) => refreshing.set(id, work));
  }
  return Promise.all(knowledgeBaseIds.map((id) => refreshing.get(id)));
}

async function loadStats(knowledgeBaseIds: readonly string[]): Promise<void> {
  const rows = await db().$queryRaw<{ kb: string; chunks: number; average_length: number }[]>`
    SELECT knowledge_base_id AS kb, count(*)::int AS chunks, coalesce(avg(lexical_length), 0)::float8 AS average_length
    FROM chunks WHERE knowledge_base_id = ANY(${[...knowledgeBaseIds]}::uuid[]) GROUP BY knowledge_base_id`;
  const at = Date.now();
  for (const id of knowledgeBaseIds) statsCache.set(id, { chunks: 0, averageLength: 0, at });
  for (const row of rows) statsCache.set(row.kb, { chunks: row.chunks, averageLength: row.average_length, at });
}

// A common term's document frequency costs a scan of its whole posting list (tens of thousands of entries at 100k
// chunks), while a count that large moves little in seconds: such counts are remembered for the stats TTL, per base.
// Smaller ones are counted by every query (cheap), so small bases always see exact, current figures.
const MIN_CACHED_DF = 1_000;
const MAX_CACHED_TERMS = 1_000;
const dfCache = new Map<string, { at: number; df: Map<string, number> }>();

function cachedFrequencies(knowledgeBaseIds: readonly string[]): { kb: string[]; term: string[]; df: number[] } {
  const now = Date.now();
  const known = { kb: [] as string[], term: [] as string[], df: [] as number[] };
  for (const kb of knowledgeBaseIds) {
    const entry = dfCache.get(kb);
    if (!entry || entry.at < now - STATS_TTL_MS) {
      dfCache.set(kb, { at: now, df: new Map() });
      continue;
    }
    for (const [term, df] of entry.df) {
      known.kb.push(kb);
      known.term.push(term);
      known.df.push(df);
    }
  }
  return known;
}

function rememberFrequencies(counted: readonly [string, string, number][]): void {
  for (const [kb, term, df] of counted) {
    const entry = dfCache.get(kb);
    if (entry && entry.df.size < MAX_CACHED_TERMS) entry.df.set(term, df);
  }
}

/** The k chunks of the scope's knowledge bases with the highest BM25 score for `text`. */
export async function searchChunksByText(scope: KnowledgeBaseScope, text: string, k: number): Promise<LexicalHit[]> {
  const stats = await corpusStats(scope.knowledgeBaseIds);
  const kbIds = [...stats.keys()].filter((id) => stats.get(id)!.chunks > 0);
  if (kbIds.length === 0 || k <= 0 || !text.trim()) return [];
  const chunkCounts = kbIds.map((id) => stats.get(id)!.chunks);
  const averageLengths = kbIds.map((id) => Math.max(stats.get(id)!.averageLength, 1));
  // Candidates come from the query's rarer terms (in at most 5% of chunks) when it has any: a chunk that matches only
  // very common terms ("patient", "increase") cannot rank high, and skipping their long posting lists is most of the
  // cost on large bases. Common terms still add to the score of every candidate. JIT is off for every session
  // (lib/db/session-settings.ts), so a mis-estimated plan never pays its compile time.
  const known = cachedFrequencies(kbIds);
  const rows = await db().$queryRaw<{ chunk_id: bigint; score: number; coverage: number; counted: string }[]>`
    WITH terms AS (SELECT DISTINCT u.lexeme AS term FROM unnest(to_tsvector('english', ${text})) AS u),
    kb AS (SELECT * FROM unnest(${kbIds}::uuid[], ${chunkCounts}::float8[], ${averageLengths}::float8[]) AS s(id, n, avgdl)),
    known AS (SELECT * FROM unnest(${known.kb}::uuid[], ${known.term}::text[], ${known.df}::float8[]) AS k(kb, term, df)),
    df AS (
      SELECT known.kb, known.term, known.df FROM known JOIN terms q ON q.term = known.term
      UNION ALL
      SELECT kb.id AS kb, q.term, counted.df
      FROM kb CROSS JOIN terms q
      CROSS JOIN LATERAL (SELECT count(*)::float8 AS df FROM chunk_terms t WHERE t.knowledge_base_id = kb.id AND t.term = q.term) counted
      WHERE counted.df > 0 AND NOT EXISTS (SELECT 1 FROM known WHERE known.kb = kb.id AND known.term = q.term)
    ),
    idf AS (
      SELECT kb.id AS kb, terms.term, coalesce(df.df, 0) AS df, kb.avgdl,
        ln(1 + (kb.n - coalesce(df.df, 0) + 0.5) / (coalesce(df.df, 0) + 0.5)) AS idf,
        coalesce(df.df, 0) <= ${RARE_SHARE}::float8 * kb.n AS is_rare
      FROM kb CROSS JOIN terms LEFT JOIN df ON df.kb = kb.id AND df.term = terms.term
    ),
    total AS (SELECT kb, sum(idf) AS idf, bool_or(is_rare AND df > 0) AS has_rare FROM idf GROUP BY kb),
    candidate AS (
      SELECT DISTINCT t.chunk_id FROM idf JOIN chunk_terms t ON t.knowledge_base_id = idf.kb AND t.term = idf.term
      WHERE idf.is_rare AND idf.df > 0
    )
    SELECT t.chunk_id,
      sum(idf.idf * t.tf * (${BM25.k1}::float8 + 1) / (t.tf + ${BM25.k1}::float8 * (1 - ${BM25.b}::float8 + ${BM25.b}::float8 * t.dl / idf.avgdl)))::float8 AS score,
      (sum(idf.idf) / max(total.idf))::float8 AS coverage,
      (SELECT coalesce(json_agg(json_build_array(kb, term, df)), '[]') FROM idf WHERE df >= ${MIN_CACHED_DF})::text AS counted
    FROM idf JOIN total ON total.kb = idf.kb
    JOIN chunk_terms t ON t.knowledge_base_id = idf.kb AND t.term = idf.term
    WHERE idf.df > 0 AND (idf.is_rare OR NOT total.has_rare OR t.chunk_id IN (SELECT chunk_id FROM candidate))
    GROUP BY t.chunk_id
    ORDER BY score DESC, t.chunk_id
    LIMIT ${k}`;
  if (rows[0]) rememberFrequencies(JSON.parse(rows[0].counted) as [string, string, number][]);
  return rows.map((row) => ({ chunkId: row.chunk_id, score: Number(row.score), coverage: Number(row.coverage) }));
}
