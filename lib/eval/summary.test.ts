import { describe, expect, it } from "vitest";
import { failedBars, retrievalMetrics, summarize, type QuestionMetrics } from "./summary";

// Hand-computed: a question's metrics over the documents an answer is given, and a run's means.

describe("retrievalMetrics", () => {
  it("scores graded relevance over what was retrieved (recall over everything given)", () => {
    // DCG = 1/log2(2) [b] + 3/log2(3) [a]; IDCG = 3/log2(2) + 1/log2(3)
    const metrics = retrievalMetrics(["b", "a", "x"], { a: 3, b: 1, c: 0 });
    expect(metrics.ndcg).toBeCloseTo((1 + 3 / Math.log2(3)) / (3 + 1 / Math.log2(3)), 12);
    expect(metrics.recall).toBe(1);
    expect(metrics.mrr).toBe(1);
    // Judged non-relevant (0) neither counts as found nor as missing.
    expect(retrievalMetrics(["c", "x", "a"], { a: 3, b: 1, c: 0 })).toEqual({ ndcg: (3 / Math.log2(4)) / (3 + 1 / Math.log2(3)), recall: 0.5, mrr: 1 / 3 });
  });

  it("counts nothing retrieved as zero, and leaves questions without relevant sources unscored", () => {
    expect(retrievalMetrics([], { a: 1 })).toEqual({ ndcg: 0, recall: 0, mrr: 0 });
    expect(retrievalMetrics(["a"], {})).toEqual({});
    expect(retrievalMetrics(["a"], { a: 0 })).toEqual({});
  });
});

describe("summarize", () => {
  const row = (metrics: QuestionMetrics, extra: { isUnanswerable?: boolean; hasAnswer?: boolean } = {}) => ({ isUnanswerable: false, hasAnswer: false, ...extra, metrics });

  it("averages each metric over the questions it applies to", () => {
    const metrics = summarize(
      [
        row({ ndcg: 1, recall: 1, mrr: 1, refused: false, phraseMatch: 0.5, citationPrecision: 1 }, { hasAnswer: true }),
        row({ ndcg: 0.5, recall: 0.5, mrr: 0.25, refused: false, citationPrecision: 0 }, { hasAnswer: true }),
        row({ ndcg: 0, recall: 0, mrr: 0, refused: true, refusedBy: "retrieval" }, { hasAnswer: true }),
        row({ refused: true, refusedBy: "model" }, { isUnanswerable: true, hasAnswer: true }),
        row({ refused: false }, { isUnanswerable: true, hasAnswer: true }),
        row({ refused: false, answerError: "down" }, { hasAnswer: true }),
      ],
      6,
    );
    expect(metrics).toEqual({
      questions: 6,
      k: 6,
      scored: 3,
      "ndcg@10": 0.5,
      "recall@k": 0.5,
      "mrr@10": 1.25 / 3,
      falseRefusalRate: 1 / 3,
      unanswerable: 2,
      refusalRate: 0.5,
      answered: 6,
      answerFailures: 1,
      phraseMatch: 0.5,
      phraseScored: 1,
      citationPrecision: 0.5,
      citationScored: 2,
    });
  });

  it("leaves out what could not be measured", () => {
    expect(summarize([row({ refused: false })], 3)).toEqual({ questions: 1, k: 3, scored: 0, unanswerable: 0 });
  });
});

describe("failedBars", () => {
  it("names each metric below its bar, with the run's k", () => {
    const metrics = { questions: 2, k: 4, scored: 2, unanswerable: 0, "ndcg@10": 0.61234, "recall@k": 0.8, "mrr@10": 0.5 };
    expect(failedBars(metrics, { ndcg: 0.6, recall: 0.8 })).toEqual([]);
    expect(failedBars(metrics, { ndcg: 0.99, recall: 0.9, mrr: undefined })).toEqual(["ndcg@10 0.6123 is below the bar 0.99", "recall@4 0.8000 is below the bar 0.9"]);
    expect(failedBars({ questions: 1, k: 6, scored: 0, unanswerable: 1 }, { ndcg: 0.5 })).toEqual([
      "ndcg@10 could not be measured (no question of the set has expected ids); the bar is 0.5",
    ]);
  });
});
