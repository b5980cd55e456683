// A job as the job page shows it and its status route sends it (JSON: dates as ISO strings).

export type JobStatus = "queued" | "running" | "succeeded" | "failed" | "cancelled";

export const COUNT_KEYS = ["added", "replaced", "unchanged", "deleted", "failed"] as const;
export type CountKey = (typeof COUNT_KEYS)[number];

export interface RejectedRow {
  file: string;
  row?: number;
  line?: number;
  column?: number;
  sourceId?: string;
  message: string;
}

export interface JobView {
  id: string;
  kind: string;
  source: string;
  status: JobStatus;
  total: number;
  processed: number;
  counts: Record<CountKey, number>;
  error: string | null;
  isCancelRequested: boolean;
  failures: { ordinal: number; sourceId: string; reason: string | null }[];
  createdAt: string;
  finishedAt: string | null;
}

export function isActive(status: JobStatus): boolean {
  return status === "queued" || status === "running";
}

/** 0–100; a finished job is complete even when it had nothing to do. */
export function percentDone(job: Pick<JobView, "status" | "total" | "processed">): number {
  if (job.total === 0) return isActive(job.status) ? 0 : 100;
  return Math.min(100, Math.floor((job.processed / job.total) * 100));
}

/** The non-zero counts in a fixed order: "replaced 1, unchanged 4"; "nothing yet" when all are zero. */
export function countsSummary(counts: Partial<Record<CountKey, number>>): string {
  const parts = COUNT_KEYS.filter((key) => (counts[key] ?? 0) > 0).map((key) => `${key} ${counts[key]}`);
  return parts.length > 0 ? parts.join(", ") : "nothing yet";
}

/** Where a rejected row is: "rows.jsonl, line 2, column 9, id "x"". */
export function describeRejection(rejection: RejectedRow): string {
  const parts = [rejection.file];
  if (rejection.row !== undefined) parts.push(`row ${rejection.row}`);
  if (rejection.line !== undefined) parts.push(`line ${rejection.line}`);
  if (rejection.column !== undefined) parts.push(`column ${rejection.column}`);
  if (rejection.sourceId !== undefined) parts.push(`id ${JSON.stringify(rejection.sourceId)}`);
  return parts.join(", ");
}

const SOURCE_LABELS: Record<string, string> = { upload: "Upload", paste: "Pasted text", api: "API", sql: "SQL sync", cli: "Command line" };

/** What a job was, for people: "Upload", "Pasted text", "Deletion", "Embedding backfill". */
export function jobLabel(kind: string, source: string): string {
  if (kind === "delete") return "Deletion";
  if (kind === "backfill") return "Embedding backfill";
  if (kind === "reembed") return "Re-embedding";
  return SOURCE_LABELS[source] ?? "Import";
}
