import { describe, expect, it } from "vitest";
import { citationPrecision, isRefusal, phraseMatch } from "./answer-metrics";

describe("answer metrics", () => {
  it("matches key phrases as whole words, ignoring case, punctuation and spacing", () => {
    const answer = "Employees get Twenty-five  days of leave [1]; claims need a manager's approval.";
    expect(phraseMatch(answer, ["twenty-five days", "manager's approval"])).toBe(1);
    expect(phraseMatch(answer, ["twenty-five days", "receipts", "thirty days", "approval"])).toBe(0.5);
    // "day" is not a whole word of "days".
    expect(phraseMatch(answer, ["day"])).toBe(0);
  });

  it("falls back to the expected answer as the phrase, and is undefined with nothing to match", () => {
    expect(phraseMatch("The facilities desk issues them.", [], "facilities desk")).toBe(1);
    expect(phraseMatch("Anything.", [], null)).toBeUndefined();
    expect(phraseMatch("Anything.", ["  "], null)).toBeUndefined();
  });

  it("computes citation precision over cited passages", () => {
    const relevant = new Set(["leave", "expenses"]);
    expect(citationPrecision(["leave", "vpn", "leave", "parking"], relevant)).toBe(0.5);
    expect(citationPrecision(["leave"], relevant)).toBe(1);
    expect(citationPrecision([], relevant)).toBeUndefined();
    expect(citationPrecision(["leave"], new Set())).toBeUndefined();
  });

  it("recognises the refusal, also when a model wraps or rephrases it", () => {
    expect(isRefusal("I don't have enough information to answer that.")).toBe(true);
    expect(isRefusal("Sorry — I don’t have enough information to answer that question.")).toBe(true);
    expect(isRefusal("I do not have enough information in the passages.")).toBe(true);
    expect(isRefusal("Employees get twenty-five days [1].")).toBe(false);
  });
});
