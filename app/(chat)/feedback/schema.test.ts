import { describe, expect, it } from "vitest";
import { setFeedbackSchema } from "./schema";

const messageId = "6f1f3a4e-8c1b-4c55-9d7e-0a2b3c4d5e6f";

describe("setFeedbackSchema", () => {
  it("accepts a thumb from the widget (a number) or a form (a string), with or without a comment", () => {
    expect(setFeedbackSchema.parse({ messageId, rating: 1 })).toEqual({ messageId, rating: 1 });
    expect(setFeedbackSchema.parse({ messageId, rating: "-1", comment: "  Outdated.  " })).toEqual({ messageId, rating: -1, comment: "Outdated." });
    expect(setFeedbackSchema.parse({ messageId, rating: -1, comment: null })).toEqual({ messageId, rating: -1, comment: null });
  });

  it("refuses other ratings, an over-long comment and a malformed id", () => {
    for (const rating of [0, 2, "up", null]) expect(setFeedbackSchema.safeParse({ messageId, rating }).success).toBe(false);
    expect(setFeedbackSchema.safeParse({ messageId, rating: 1, comment: "x".repeat(2_001) }).success).toBe(false);
    expect(setFeedbackSchema.safeParse({ messageId: "m-1", rating: 1 }).success).toBe(false);
  });
});
