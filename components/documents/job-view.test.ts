import { describe, expect, it } from "vitest";
import { formatBytes } from "./format";
import { countsSummary, describeRejection, percentDone } from "./job-view";
import { sourceIdFromTitle } from "./source-id";
import { describeRange, splitAtRange } from "./text-range";

describe("job view helpers", () => {
  it("summarises the non-zero counts in a fixed order", () => {
    expect(countsSummary({ unchanged: 4, replaced: 1, added: 0 })).toBe("replaced 1, unchanged 4");
    expect(countsSummary({})).toBe("nothing yet");
  });

  it("measures progress, a finished empty job being complete", () => {
    expect(percentDone({ status: "running", total: 6, processed: 4 })).toBe(66);
    expect(percentDone({ status: "succeeded", total: 6, processed: 6 })).toBe(100);
    expect(percentDone({ status: "queued", total: 0, processed: 0 })).toBe(0);
    expect(percentDone({ status: "cancelled", total: 0, processed: 0 })).toBe(100);
  });

  it("says where a rejected row is", () => {
    expect(describeRejection({ file: "a.csv", row: 3, line: 4, sourceId: "x", message: "m" })).toBe('a.csv, row 3, line 4, id "x"');
    expect(describeRejection({ file: "a.jsonl", line: 2, column: 9, message: "m" })).toBe("a.jsonl, line 2, column 9");
  });
});

describe("sourceIdFromTitle", () => {
  it("makes the stable id a file of that name would get, keeping dotted versions and slashes as words", () => {
    expect(sourceIdFromTitle("Leave policy v2.1")).toBe("leave-policy-v2-1");
    expect(sourceIdFromTitle("HR/Finance FAQ")).toBe("hr-finance-faq");
    expect(sourceIdFromTitle("Café rules")).toBe("cafe-rules");
    expect(sourceIdFromTitle("  ")).toBe("");
  });
});

describe("splitAtRange", () => {
  it("splits the text around a chunk's offsets, clamped to the text", () => {
    expect(splitAtRange("Hello brave world", { startOffset: 6, endOffset: 11 })).toEqual({ before: "Hello ", marked: "brave", after: " world" });
    expect(splitAtRange("short", { startOffset: 3, endOffset: 99 })).toEqual({ before: "sho", marked: "rt", after: "" });
    expect(splitAtRange("text", undefined)).toEqual({ before: "text", marked: "", after: "" });
  });

  it("uses UTF-16 offsets as the chunker does, so astral characters stay whole", () => {
    const text = "😀 leave policy";
    expect(splitAtRange(text, { startOffset: 0, endOffset: 2 }).marked).toBe("😀");
    expect(describeRange({ startOffset: 0, endOffset: 120 })).toBe("characters 1–120");
  });
});

describe("formatBytes", () => {
  it("rounds to one decimal and drops a trailing .0", () => {
    expect([812, 14_540, 50 * 1024 * 1024, 3_250_000].map(formatBytes)).toEqual(["812 bytes", "14.2 KB", "50 MB", "3.1 MB"]);
  });
});
