import "server-only";
import type { KnowledgeBaseScope } from "@/lib/auth/scope";
import { getPassages, hasEmbeddedChunks, type PassageRow } from "@/lib/db/chunks";
import { searchChunksByText } from "@/lib/db/lexical";
import { nearestChunks } from "@/lib/db/vectors";
import { embedTexts, EmbeddingUnavailableError, type EmbeddingSettings } from "./embed";
import { embeddingPrefixes } from "./tokenizers";

// The one retrieval function chat, the API and evaluation use: BM25 and vector search over the scope's knowledge base,
// fused by reciprocal rank, overlapping chunks of one document collapsed, and a relevance floor that decides what
// counts as evidence. Lexical alone when the base has no vectors or the embedding endpoint is down (and says so).

export type RetrievalMode = "hybrid" | "lexical" | "dense";

export interface RetrievalSettings extends EmbeddingSettings {
  topK: number;
  relevanceFloor: number;
}

export interface RetrieveOptions {
  /** Passages wanted (default: the knowledge base's top-k). */
  k?: number;
  /** Default: hybrid when the base has vectors, else lexical. */
  mode?: RetrievalMode;
  /** Candidates taken from each list before fusion (default max(40, 4k)). */
  candidates?: number;
  /** Keep every candidate: no floor, no collapsing (evaluation ranks documents by their best chunk itself). */
  isRaw?: boolean;
  signal?: AbortSignal;
}

export interface Passage extends PassageRow {
  /** Fused rank score (reciprocal rank fusion), for ordering. */
  score: number;
  /** 0..1, compared with the relevance floor: the best of vector similarity and lexical coverage. */
  relevance: number;
  similarity?: number;
  lexicalScore?: number;
  coverage?: number;
}

export interface RetrievalResult {
  /** The mode actually used. */
  mode: RetrievalMode;
  /** Passages that clear the floor, best first, at most k. */
  passages: Passage[];
  /** The best k passages regardless of the floor: shown when nothing clears it. */
  nearest: Passage[];
  /** Why the mode differs from the one asked for, e.g. the embedding endpoint is down. */
  notice?: string;
  timings: { embedMs: number; searchMs: number };
}

// Reciprocal rank fusion's constant (Cormack et al. 2009): 60 keeps any one list from dominating the fused order.
const RRF_K = 60;

/** Retrieves the passages of the scope's knowledge base most relevant to `query`. */
export async function retrieve(scope: KnowledgeBaseScope, settings: RetrievalSettings, query: string, options: RetrieveOptions = {}): Promise<RetrievalResult> {
  const k = options.k ?? settings.topK;
  const candidates = options.candidates ?? Math.max(40, k * 4);
  const started = performance.now();
  // BM25 needs neither the mode check nor the query's vector: it runs beside them, not after. Its failure is
  // awaited below; the catch only keeps it from counting as unhandled while the embedding is awaited.
  const lexicalSearch = options.mode === "dense" ? undefined : searchChunksByText(scope, query, candidates);
  lexicalSearch?.catch(() => undefined);
  const wanted = options.mode ?? ((await hasEmbeddedChunks(scope, settings.embeddingDimension)) ? "hybrid" : "lexical");
  let mode = wanted;
  let notice: string | undefined;

  let embedMs = 0;
  let queryVector: number[] | undefined;
  if (wanted !== "lexical") {
    const embedStarted = performance.now();
    try {
      [queryVector] = await embedTexts(settings, [`${embeddingPrefixes(settings.embeddingModel).query}${query}`], {
        maxRetries: 0,
        timeoutMs: 15_000,
        signal: options.signal,
      });
    } catch (error) {
      if (!(error instanceof EmbeddingUnavailableError)) throw error;
      mode = "lexical";
      notice = `Searched by words only: ${error.message}`;
    }
    embedMs = performance.now() - embedStarted;
  }

  const [lexical, dense] = await Promise.all([
    mode === "dense" ? [] : (lexicalSearch ?? searchChunksByText(scope, query, candidates)),
    queryVector ? nearestChunks(scope, queryVector, candidates) : [],
  ]);
  const fused = new Map<bigint, { score: number; similarity?: number; lexicalScore?: number; coverage?: number }>();
  lexical.forEach((hit, rank) => {
    fused.set(hit.chunkId, { score: 1 / (RRF_K + rank + 1), lexicalScore: hit.score, coverage: hit.coverage });
  });
  dense.forEach((hit, rank) => {
    const entry = fused.get(hit.chunkId) ?? { score: 0 };
    fused.set(hit.chunkId, { ...entry, score: entry.score + 1 / (RRF_K + rank + 1), similarity: hit.similarity });
  });
  const rows = new Map((await getPassages(scope, [...fused.keys()])).map((row) => [row.chunkId, row]));
  const ranked: Passage[] = [...fused.entries()]
    .flatMap(([chunkId, entry]) => {
      const row = rows.get(chunkId);
      if (!row) return [];
      return [{ ...row, ...entry, relevance: Math.max(entry.similarity ?? 0, entry.coverage ?? 0) }];
    })
    .sort((a, b) => b.score - a.score || (a.chunkId < b.chunkId ? -1 : 1));
  // Everything but the embedding: the mode check, the searches (BM25 overlapped the embedding) and the fusion.
  const searchMs = performance.now() - started - embedMs;

  if (options.isRaw) return { mode, passages: ranked, nearest: ranked, notice, timings: { embedMs, searchMs } };
  const distinct = collapseOverlaps(ranked);
  return {
    mode,
    passages: distinct.filter((passage) => passage.relevance >= settings.relevanceFloor).slice(0, k),
    nearest: distinct.slice(0, k),
    notice,
    timings: { embedMs, searchMs },
  };
}

/** Drops a passage whose text overlaps a better-ranked passage of the same document (chunk overlap repeats text). */
function collapseOverlaps(ranked: Passage[]): Passage[] {
  const kept: Passage[] = [];
  for (const passage of ranked) {
    const overlaps = kept.some(
      (other) => other.documentId === passage.documentId && passage.startOffset < other.endOffset && other.startOffset < passage.endOffset,
    );
    if (!overlaps) kept.push(passage);
  }
  return kept;
}

/** Documents ranked by their best passage (evaluation's unit), as source ids. */
export function rankDocuments(passages: readonly Passage[]): string[] {
  const seen = new Set<string>();
  const order: string[] = [];
  for (const passage of passages) {
    if (seen.has(passage.sourceId)) continue;
    seen.add(passage.sourceId);
    order.push(passage.sourceId);
  }
  return order;
}
