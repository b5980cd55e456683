import { describe, expect, it } from "vitest";
import { failureLines, progressLine, summaryLine } from "./cli-report";

const report = {
  jobId: "j",
  status: "succeeded",
  error: null,
  counts: { added: 3, replaced: 1, unchanged: 120, deleted: 2, failed: 1 },
  failures: [{ sourceId: "gone", reason: "No document has this id." }],
  needsBackfill: false,
};

describe("command-line report", () => {
  it("counts refused rows as failed in the summary line", () => {
    expect(summaryLine(report.counts)).toBe("added 3, replaced 1, unchanged 120, deleted 2, failed 1");
    expect(summaryLine(report.counts, 2)).toBe("added 3, replaced 1, unchanged 120, deleted 2, failed 3");
  });

  it("lists refused rows, then failed documents", () => {
    const lines = failureLines(report, { invalidRows: 2, rowErrors: [{ row: 4, sourceId: "x", field: "content", message: "missing" }] });
    expect(lines).toEqual(['Row 4, id "x": missing', "… and 1 more refused rows", 'id "gone": No document has this id.']);
  });

  it("draws a progress bar with a rate", () => {
    expect(progressLine(50, 100, 0, 10_000, 10)).toBe("[█████░░░░░] 50/100  5 docs/s");
  });
});
