import { readFileSync } from "node:fs";
import path from "node:path";
import type { PiiSpan } from "@/lib/privacy/pii/kinds";

// Loads tests/pii-fixtures/pii.jsonl and scores a detector against it (see README.md beside this file).

export interface FixtureRow {
  id: string;
  text: string;
  spans: PiiSpan[];
}

/** The admin patterns the "custom-*" rows are labelled with. */
export const FIXTURE_PATTERNS = [
  { label: "MRN", pattern: String.raw`MRN-\d{6}` },
  { label: "EMPLOYEE_ID", pattern: String.raw`EMP\d{5}` },
];

export function loadFixtures(): FixtureRow[] {
  const file = path.resolve(import.meta.dirname, "pii.jsonl");
  return readFileSync(file, "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as FixtureRow);
}

export interface KindScore {
  kind: string;
  expected: number;
  /** Expected spans fully covered by a detected span of the same kind. */
  found: number;
  /** Expected spans fully covered by detected spans of any kind (masked, if under another label). */
  masked: number;
  detected: number;
  /** Detected spans overlapping no expected span. */
  falsePositives: number;
  recall: number;
  maskedRecall: number;
  precision: number;
  misses: string[];
  spurious: string[];
}

/** Recall and precision per kind of `detect` over the fixture rows. */
export function score(rows: readonly FixtureRow[], detect: (text: string) => PiiSpan[]): Map<string, KindScore> {
  const scores = new Map<string, KindScore>();
  const of = (kind: string) => {
    let entry = scores.get(kind);
    if (!entry) {
      entry = { kind, expected: 0, found: 0, masked: 0, detected: 0, falsePositives: 0, recall: 1, maskedRecall: 1, precision: 1, misses: [], spurious: [] };
      scores.set(kind, entry);
    }
    return entry;
  };
  for (const row of rows) {
    const detected = detect(row.text);
    for (const gold of row.spans) {
      const entry = of(gold.kind);
      entry.expected++;
      const covering = detected.filter((span) => span.start < gold.end && gold.start < span.end);
      if (covering.some((span) => span.kind === gold.kind && span.start <= gold.start && span.end >= gold.end)) entry.found++;
      else entry.misses.push(`${row.id}: ${gold.value} (got ${covering.map((span) => `${span.kind}:${span.value}`).join(", ") || "nothing"})`);
      if (isCovered(gold, covering)) entry.masked++;
    }
    for (const span of detected) {
      const entry = of(span.kind);
      entry.detected++;
      if (!row.spans.some((gold) => span.start < gold.end && gold.start < span.end)) {
        entry.falsePositives++;
        entry.spurious.push(`${row.id}: ${span.value}`);
      }
    }
  }
  for (const entry of scores.values()) {
    entry.recall = entry.expected ? entry.found / entry.expected : 1;
    entry.maskedRecall = entry.expected ? entry.masked / entry.expected : 1;
    entry.precision = entry.detected ? (entry.detected - entry.falsePositives) / entry.detected : 1;
  }
  return scores;
}

function isCovered(gold: PiiSpan, spans: readonly PiiSpan[]): boolean {
  let at = gold.start;
  for (const span of [...spans].sort((a, b) => a.start - b.start)) {
    if (span.start > at) return false;
    at = Math.max(at, span.end);
    if (at >= gold.end) return true;
  }
  return at >= gold.end;
}

/** A printable table of the scores. */
export function formatScores(scores: Map<string, KindScore>): string {
  const pct = (n: number) => `${(n * 100).toFixed(1)}%`.padStart(7);
  const lines = [`${"kind".padEnd(12)} expected  recall  masked  precision  (detected, false positives)`];
  for (const s of [...scores.values()].sort((a, b) => a.kind.localeCompare(b.kind))) {
    lines.push(`${s.kind.padEnd(12)} ${String(s.expected).padStart(8)} ${pct(s.recall)} ${pct(s.maskedRecall)} ${pct(s.precision)}    (${s.detected}, ${s.falsePositives})`);
  }
  return lines.join("\n");
}
