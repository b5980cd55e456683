import { normalizeText } from "./questions";
import type { QuestionMetrics } from "./summary";

// The diff between two runs of a set: each question matched (by question id, else by its text), and marked worse when
// any of its metrics dropped or it started refusing (answerable) or stopped refusing (unanswerable).

export interface ComparableRow {
  questionId: string | null;
  question: string;
  isUnanswerable: boolean;
  metrics: QuestionMetrics;
}

export type Change = "worse" | "better" | "mixed" | "same" | "new" | "removed";

export interface QuestionDiff<R extends ComparableRow> {
  before?: R;
  after?: R;
  change: Change;
  /** What moved, e.g. "nDCG@10 1.00 → 0.63", "now refused". */
  reasons: string[];
}

// Metric moves smaller than this are rounding, not change.
const EPSILON = 1e-6;

const COMPARED: { key: "ndcg" | "recall" | "mrr" | "phraseMatch" | "citationPrecision"; label: string }[] = [
  { key: "ndcg", label: "nDCG@10" },
  { key: "recall", label: "Recall@k" },
  { key: "mrr", label: "MRR@10" },
  { key: "phraseMatch", label: "phrase match" },
  { key: "citationPrecision", label: "citation precision" },
];

/** Each question of `after` beside its counterpart in `before`, in `after`'s order, then the removed ones. */
export function compareRuns<R extends ComparableRow>(before: readonly R[], after: readonly R[]): QuestionDiff<R>[] {
  const byId = new Map(before.filter((row) => row.questionId).map((row) => [row.questionId!, row]));
  const byText = new Map(before.map((row) => [normalizeText(row.question), row]));
  const matched = new Set<R>();
  const diffs: QuestionDiff<R>[] = after.map((row) => {
    const earlier = (row.questionId ? byId.get(row.questionId) : undefined) ?? byText.get(normalizeText(row.question));
    if (!earlier || matched.has(earlier)) return { after: row, change: "new", reasons: [] };
    matched.add(earlier);
    return { before: earlier, after: row, ...diffQuestion(earlier, row) };
  });
  for (const row of before) if (!matched.has(row)) diffs.push({ before: row, change: "removed", reasons: [] });
  return diffs;
}

/** How one question's metrics moved between two runs. */
export function diffQuestion(before: ComparableRow, after: ComparableRow): { change: Change; reasons: string[] } {
  const worse: string[] = [];
  const better: string[] = [];
  for (const { key, label } of COMPARED) {
    const [a, b] = [before.metrics[key], after.metrics[key]];
    if (a === undefined || b === undefined || Math.abs(a - b) <= EPSILON) continue;
    (b < a ? worse : better).push(`${label} ${a.toFixed(2)} → ${b.toFixed(2)}`);
  }
  if (before.metrics.refused !== after.metrics.refused) {
    const shouldRefuse = after.isUnanswerable;
    const line = after.metrics.refused ? "now refused" : "no longer refused";
    (after.metrics.refused === shouldRefuse ? better : worse).push(line);
  }
  const change: Change = worse.length && better.length ? "mixed" : worse.length ? "worse" : better.length ? "better" : "same";
  return { change, reasons: [...worse, ...better] };
}

/** Counts of each kind of change. */
export function countChanges(diffs: readonly { change: Change }[]): Record<Change, number> {
  const counts: Record<Change, number> = { worse: 0, better: 0, mixed: 0, same: 0, new: 0, removed: 0 };
  for (const diff of diffs) counts[diff.change]++;
  return counts;
}
