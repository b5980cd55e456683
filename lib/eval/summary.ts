import { mrrAt, ndcgAt, recallAt } from "./metrics";
import type { Expected } from "./questions";

// One question's metrics and a run's means. Retrieval is measured on what an answer would be given: the documents of
// the passages that clear the relevance floor, at most top-k of them, ranked by their best passage.

export interface QuestionMetrics {
  /** Present when the question has relevant sources. */
  ndcg?: number;
  recall?: number;
  mrr?: number;
  /** Nothing cleared the relevance floor ("retrieval": Enclave refuses without a model call) or the model refused. */
  refused: boolean;
  refusedBy?: "retrieval" | "model";
  /** Answer metrics, when the run generated answers. */
  phraseMatch?: number;
  citationPrecision?: number;
  answerError?: string;
}

/** Mean metrics of a run; a mean is absent when no question could be scored for it. */
export interface RunMetrics {
  questions: number;
  /** The top-k the run used: Recall@k counts the documents of at most k passages. */
  k: number;
  /** Questions with relevant sources (the retrieval metrics' denominator). */
  scored: number;
  "ndcg@10"?: number;
  "recall@k"?: number;
  "mrr@10"?: number;
  unanswerable: number;
  /** Unanswerable questions refused (by retrieval or the model), over all unanswerable ones. Higher is better. */
  refusalRate?: number;
  /** Answerable questions (with relevant sources) refused. Lower is better. */
  falseRefusalRate?: number;
  answered?: number;
  phraseMatch?: number;
  phraseScored?: number;
  citationPrecision?: number;
  citationScored?: number;
  answerFailures?: number;
}

/** The retrieval metrics of one question: nDCG@10, Recall over everything given (≤ k passages), MRR@10. */
export function retrievalMetrics(ranked: readonly string[], expected: Expected): Pick<QuestionMetrics, "ndcg" | "recall" | "mrr"> {
  const judged = new Map(Object.entries(expected));
  if (![...judged.values()].some((grade) => grade > 0)) return {};
  return { ndcg: ndcgAt(ranked, judged, 10), recall: recallAt(ranked, judged, ranked.length), mrr: mrrAt(ranked, judged, 10) };
}

export interface ScoredRow {
  isUnanswerable: boolean;
  metrics: QuestionMetrics;
  /** Whether the run generated an answer for it (false: retrieval only, or the model was unreachable). */
  hasAnswer: boolean;
}

/** A run's means over its questions. */
export function summarize(rows: readonly ScoredRow[], k: number): RunMetrics {
  const mean = (values: (number | undefined)[]) => {
    const present = values.filter((value): value is number => value !== undefined);
    return present.length ? { value: present.reduce((a, b) => a + b, 0) / present.length, n: present.length } : undefined;
  };
  const retrieval = rows.filter((row) => row.metrics.ndcg !== undefined);
  const unanswerable = rows.filter((row) => row.isUnanswerable);
  const answered = rows.filter((row) => row.hasAnswer);
  const phrase = mean(answered.map((row) => row.metrics.phraseMatch));
  const citation = mean(answered.map((row) => row.metrics.citationPrecision));
  const metrics: RunMetrics = { questions: rows.length, k, scored: retrieval.length, unanswerable: unanswerable.length };
  if (retrieval.length) {
    metrics["ndcg@10"] = mean(retrieval.map((row) => row.metrics.ndcg))!.value;
    metrics["recall@k"] = mean(retrieval.map((row) => row.metrics.recall))!.value;
    metrics["mrr@10"] = mean(retrieval.map((row) => row.metrics.mrr))!.value;
    metrics.falseRefusalRate = retrieval.filter((row) => row.metrics.refused).length / retrieval.length;
  }
  if (unanswerable.length) metrics.refusalRate = unanswerable.filter((row) => row.metrics.refused).length / unanswerable.length;
  if (answered.length) {
    metrics.answered = answered.length;
    metrics.answerFailures = answered.filter((row) => row.metrics.answerError).length;
    if (phrase) Object.assign(metrics, { phraseMatch: phrase.value, phraseScored: phrase.n });
    if (citation) Object.assign(metrics, { citationPrecision: citation.value, citationScored: citation.n });
  }
  return metrics;
}

/** The metrics a CI gate may set a bar for, by their CLI names. */
export const GATED_METRICS = { ndcg: "ndcg@10", recall: "recall@k", mrr: "mrr@10" } as const satisfies Record<string, keyof RunMetrics>;

/** Which bars a run's metrics fall below, as lines to print (empty: every bar is met). */
export function failedBars(metrics: RunMetrics, bars: Partial<Record<keyof typeof GATED_METRICS, number>>): string[] {
  const failures: string[] = [];
  for (const [name, bar] of Object.entries(bars) as [keyof typeof GATED_METRICS, number | undefined][]) {
    if (bar === undefined) continue;
    const key = GATED_METRICS[name];
    const value = metrics[key] as number | undefined;
    const label = metricLabel(key, metrics.k);
    if (value === undefined) failures.push(`${label} could not be measured (no question of the set has expected ids); the bar is ${bar}`);
    else if (value < bar) failures.push(`${label} ${value.toFixed(4)} is below the bar ${bar}`);
  }
  return failures;
}

/** "recall@6" for the run's k; other names as they are. */
export function metricLabel(key: string, k: number): string {
  return key === "recall@k" ? `recall@${k}` : key;
}

/** The mean metrics in the order they are shown, with their names and which way is better. */
export const SHOWN_METRICS = [
  { key: "ndcg@10", label: "nDCG@10", isHigherBetter: true },
  { key: "recall@k", label: "Recall@k", isHigherBetter: true },
  { key: "mrr@10", label: "MRR@10", isHigherBetter: true },
  { key: "refusalRate", label: "Refusal rate (unanswerable)", isHigherBetter: true },
  { key: "falseRefusalRate", label: "Refused though answerable", isHigherBetter: false },
  { key: "phraseMatch", label: "Expected-phrase match", isHigherBetter: true },
  { key: "citationPrecision", label: "Citation precision", isHigherBetter: true },
] as const satisfies readonly { key: keyof RunMetrics; label: string; isHigherBetter: boolean }[];
