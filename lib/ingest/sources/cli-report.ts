import { formatRowError, type RowError } from "../validate";
import type { JobCounts, JobReport } from "./run-staged-job";

// Text for the command line's report, kept apart from the terminal handling so it can be tested as plain strings.

const MAX_LISTED = 100;

/** The final line: `added 3, replaced 1, unchanged 120, deleted 2, failed 1` (refused rows count as failed). */
export function summaryLine(counts: JobCounts, refusedRows = 0): string {
  return `added ${counts.added}, replaced ${counts.replaced}, unchanged ${counts.unchanged}, deleted ${counts.deleted}, failed ${counts.failed + refusedRows}`;
}

/** One line per refused row and failed job item (the first hundred of each), then how many more there were. */
export function failureLines(report: JobReport, refused: { invalidRows: number; rowErrors: RowError[] } = { invalidRows: 0, rowErrors: [] }): string[] {
  const lines = refused.rowErrors.slice(0, MAX_LISTED).map(formatRowError);
  if (refused.invalidRows > lines.length) lines.push(`… and ${refused.invalidRows - lines.length} more refused rows`);
  const items = report.failures.slice(0, MAX_LISTED).map((failure) => `id ${JSON.stringify(failure.sourceId)}: ${failure.reason ?? "failed"}`);
  if (report.counts.failed > items.length) items.push(`… and ${report.counts.failed - items.length} more failed documents (see the job in the admin pages)`);
  return [...lines, ...items];
}

/** `[██████░░░░] 1,200/5,000  240 docs/s` for a terminal line. */
export function progressLine(processed: number, total: number, startedAt: number, now = Date.now(), width = 24): string {
  const share = total > 0 ? Math.min(processed / total, 1) : 0;
  const filled = Math.round(share * width);
  const seconds = Math.max((now - startedAt) / 1000, 0.001);
  const rate = Math.round(processed / seconds);
  return `[${"█".repeat(filled)}${"░".repeat(width - filled)}] ${number(processed)}/${number(total)}  ${number(rate)} docs/s`;
}

export function number(value: number): string {
  return value.toLocaleString("en-US");
}
