// Retrieval metrics as BEIR and trec_eval compute them: graded gain (the qrel's score), log2(rank + 1) discount.

/** Relevance judgements of one query: document id -> graded relevance (> 0 relevant). */
export type Judgements = ReadonlyMap<string, number>;

/** nDCG@k of a ranked list of document ids. */
export function ndcgAt(ranked: readonly string[], judged: Judgements, k: number): number {
  const dcg = ranked.slice(0, k).reduce((sum, id, index) => sum + (judged.get(id) ?? 0) / Math.log2(index + 2), 0);
  const ideal = [...judged.values()].filter((gain) => gain > 0).sort((a, b) => b - a).slice(0, k);
  const idcg = ideal.reduce((sum, gain, index) => sum + gain / Math.log2(index + 2), 0);
  return idcg === 0 ? 0 : dcg / idcg;
}

/** Share of the relevant documents found in the top k. */
export function recallAt(ranked: readonly string[], judged: Judgements, k: number): number {
  const relevant = [...judged.entries()].filter(([, gain]) => gain > 0).map(([id]) => id);
  if (relevant.length === 0) return 0;
  const top = new Set(ranked.slice(0, k));
  return relevant.filter((id) => top.has(id)).length / relevant.length;
}

/** Reciprocal rank of the first relevant document within the top k (0 when none). */
export function mrrAt(ranked: readonly string[], judged: Judgements, k: number): number {
  const index = ranked.slice(0, k).findIndex((id) => (judged.get(id) ?? 0) > 0);
  return index === -1 ? 0 : 1 / (index + 1);
}

export interface RetrievalScores {
  queries: number;
  "ndcg@10": number;
  "recall@10": number;
  "recall@100": number;
  "mrr@10": number;
}

/** Mean scores over queries (each query given its ranking and judgements). */
export function scoreRuns(runs: readonly { ranked: readonly string[]; judged: Judgements }[]): RetrievalScores {
  const mean = (metric: (run: { ranked: readonly string[]; judged: Judgements }) => number) =>
    runs.length === 0 ? 0 : runs.reduce((sum, run) => sum + metric(run), 0) / runs.length;
  return {
    queries: runs.length,
    "ndcg@10": mean((run) => ndcgAt(run.ranked, run.judged, 10)),
    "recall@10": mean((run) => recallAt(run.ranked, run.judged, 10)),
    "recall@100": mean((run) => recallAt(run.ranked, run.judged, 100)),
    "mrr@10": mean((run) => mrrAt(run.ranked, run.judged, 10)),
  };
}
