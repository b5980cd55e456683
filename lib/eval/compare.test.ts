import { describe, expect, it } from "vitest";
import { compareRuns, countChanges, type ComparableRow } from "./compare";

const row = (questionId: string | null, question: string, metrics: ComparableRow["metrics"], isUnanswerable = false): ComparableRow => ({ questionId, question, isUnanswerable, metrics });

describe("compareRuns", () => {
  it("flags questions whose metrics dropped, matched by id, else by text", () => {
    const before = [
      row("q1", "Leave?", { ndcg: 1, recall: 1, mrr: 1, refused: false }),
      row("q2", "Badge and claims?", { ndcg: 1, recall: 1, mrr: 1, refused: false }),
      row(null, "Parking?", { ndcg: 0.5, recall: 0.5, mrr: 0.5, refused: false }),
      row("q4", "Gone?", { ndcg: 1, recall: 1, mrr: 1, refused: false }),
    ];
    const after = [
      row("q1", "Leave, edited?", { ndcg: 1, recall: 1, mrr: 1, refused: false }),
      row("q2", "Badge and claims?", { ndcg: 0.76, recall: 0.5, mrr: 1, refused: false }),
      row("q3", "parking", { ndcg: 1, recall: 1, mrr: 1, refused: false }),
      row("q5", "New?", { ndcg: 1, recall: 1, mrr: 1, refused: false }),
    ];
    const diffs = compareRuns(before, after);
    expect(diffs.map((diff) => diff.change)).toEqual(["same", "worse", "better", "new", "removed"]);
    expect(diffs[1]!.reasons).toEqual(["nDCG@10 1.00 → 0.76", "Recall@k 1.00 → 0.50"]);
    expect(diffs[4]!.before?.question).toBe("Gone?");
    expect(countChanges(diffs)).toEqual({ worse: 1, better: 1, mixed: 0, same: 1, new: 1, removed: 1 });
  });

  it("counts refusing an answerable question as worse, and refusing an unanswerable one as better", () => {
    const [answerable] = compareRuns([row("a", "A?", { recall: 1, refused: false })], [row("a", "A?", { recall: 1, refused: true })]);
    expect(answerable).toMatchObject({ change: "worse", reasons: ["now refused"] });
    const [unanswerable] = compareRuns([row("u", "U?", { refused: false }, true)], [row("u", "U?", { refused: true }, true)]);
    expect(unanswerable).toMatchObject({ change: "better", reasons: ["now refused"] });
  });

  it("calls a question that got better on one metric and worse on another mixed", () => {
    const [diff] = compareRuns([row("m", "M?", { ndcg: 0.5, recall: 1, refused: false, phraseMatch: 1 })], [row("m", "M?", { ndcg: 0.8, recall: 1, refused: false, phraseMatch: 0 })]);
    expect(diff).toMatchObject({ change: "mixed", reasons: ["phrase match 1.00 → 0.00", "nDCG@10 0.50 → 0.80"] });
  });
});
