import { describe, expect, it } from "vitest";
import { mrrAt, ndcgAt, recallAt, scoreRuns } from "./metrics";

// Hand-computed cases (graded relevance included).
const judged = new Map([
  ["a", 2],
  ["b", 1],
  ["c", 0],
]);

describe("retrieval metrics", () => {
  it("nDCG with graded gains: perfect order is 1, others as computed by hand", () => {
    expect(ndcgAt(["a", "b", "x"], judged, 10)).toBeCloseTo(1, 10);
    // DCG = 1/log2(2) [b] + 2/log2(3) [a] = 1 + 1.26186 ; IDCG = 2 + 1/log2(3) = 2.63093
    expect(ndcgAt(["b", "a"], judged, 10)).toBeCloseTo((1 + 2 / Math.log2(3)) / (2 + 1 / Math.log2(3)), 10);
    // Only b within k=1 after a miss: DCG@2 = 0 + 1/log2(3); IDCG@2 = 2 + 1/log2(3)
    expect(ndcgAt(["x", "b"], judged, 2)).toBeCloseTo(1 / Math.log2(3) / (2 + 1 / Math.log2(3)), 10);
    expect(ndcgAt(["x"], new Map(), 10)).toBe(0);
  });

  it("recall counts only judged-relevant documents (score > 0)", () => {
    expect(recallAt(["c", "a"], judged, 10)).toBe(0.5);
    expect(recallAt(["a", "x", "b"], judged, 2)).toBe(0.5);
    expect(recallAt(["a", "b"], judged, 2)).toBe(1);
  });

  it("MRR is the reciprocal rank of the first relevant hit within k", () => {
    expect(mrrAt(["x", "c", "b"], judged, 10)).toBeCloseTo(1 / 3, 10);
    expect(mrrAt(["x", "c", "b"], judged, 2)).toBe(0);
  });

  it("averages over queries", () => {
    const scores = scoreRuns([
      { ranked: ["a", "b"], judged },
      { ranked: ["x"], judged },
    ]);
    expect(scores).toEqual({ queries: 2, "ndcg@10": 0.5, "recall@10": 0.5, "recall@100": 0.5, "mrr@10": 0.5 });
  });
});
