import { describe, expect, it } from "vitest";
import { FIXTURE_PATTERNS, formatScores, loadFixtures, score } from "@/tests/pii-fixtures/score";
import { detectPii } from "./detect";
import { STRUCTURED_KINDS } from "./kinds";
import { compilePatterns } from "./patterns";

const patterns = compilePatterns(FIXTURE_PATTERNS);
const rows = loadFixtures();
const detect = (text: string) => detectPii(text, { patterns });

describe("personal-data detection on the labelled fixtures", () => {
  it("has at least 200 labelled examples across every kind, each span where it says", () => {
    expect(rows.length).toBeGreaterThanOrEqual(200);
    const kinds = new Set(rows.flatMap((row) => row.spans.map((span) => span.kind)));
    for (const kind of [...STRUCTURED_KINDS, "ADDRESS", "PERSON", "MRN", "EMPLOYEE_ID"]) expect(kinds).toContain(kind);
    for (const row of rows) for (const span of row.spans) expect(row.text.slice(span.start, span.end)).toBe(span.value);
  });

  it("masks structured kinds with recall >= 99%, each kind and together, and reports precision", () => {
    const scores = score(rows, detect);
    console.log(`all ${rows.length} rows\n${formatScores(scores)}`);
    const structured = [...STRUCTURED_KINDS, "MRN", "EMPLOYEE_ID"].map((kind) => scores.get(kind)!);
    for (const kind of structured) expect(kind.recall, `${kind.kind}: ${kind.misses.join("; ")}`).toBeGreaterThanOrEqual(0.99);
    const total = structured.reduce((sum, kind) => sum + kind.expected, 0);
    const found = structured.reduce((sum, kind) => sum + kind.found, 0);
    expect(found / total).toBeGreaterThanOrEqual(0.99);
    for (const kind of structured) expect(kind.precision, `${kind.kind}: ${kind.spurious.join("; ")}`).toBeGreaterThanOrEqual(0.95);
    expect(scores.get("ADDRESS")!.recall).toBeGreaterThanOrEqual(0.9);
  });

  it("finds person names with a measured recall (floors: all rows 0.92, held-out rows 0.80)", () => {
    const all = score(rows, detect).get("PERSON")!;
    const holdout = score(rows.filter((row) => row.id.startsWith("holdout-")), detect).get("PERSON")!;
    console.log(
      `PERSON recall ${all.found}/${all.expected} = ${(all.recall * 100).toFixed(1)}% (held out: ${holdout.found}/${holdout.expected} = ${(holdout.recall * 100).toFixed(1)}%), ` +
        `precision ${(all.precision * 100).toFixed(1)}%\nmissed: ${all.misses.join("; ")}\nspurious: ${all.spurious.join("; ")}`,
    );
    expect(all.recall).toBeGreaterThanOrEqual(0.92);
    expect(holdout.recall).toBeGreaterThanOrEqual(0.8);
    expect(all.precision).toBeGreaterThanOrEqual(0.95);
  });

  it("leaves the lookalikes in the negative rows alone", () => {
    const negatives = rows.filter((row) => row.id.includes("negative-"));
    const spurious = negatives.flatMap((row) => detect(row.text).map((span) => `${row.id}: ${span.kind} ${span.value}`));
    expect(negatives.length).toBeGreaterThanOrEqual(40);
    expect(spurious.length, spurious.join("; ")).toBeLessThanOrEqual(2);
  });

  it("returns non-overlapping spans in reading order, the more specific kind winning", () => {
    const spans = detect("Card 4111 1111 1111 1111 and phone +44 20 7946 0958, patient MRN-123456, SSN 123-45-6789.");
    expect(spans.map((span) => span.kind)).toEqual(["CARD", "PHONE", "MRN", "NATIONAL_ID"]);
    for (let i = 1; i < spans.length; i++) expect(spans[i]!.start).toBeGreaterThanOrEqual(spans[i - 1]!.end);
  });

  it("finds values already known in the conversation even where no detector would", () => {
    const text = "Ask zed about it; Zed knows.";
    expect(detectPii(text).filter((span) => span.kind === "PERSON")).toEqual([]);
    expect(detectPii(text, { knownValues: [{ kind: "PERSON", value: "Zed" }] }).map((span) => span.value)).toEqual(["Zed"]);
  });
});
