// A run as its page and status route show it (JSON-safe; no server-only types).

export type RunStatus = "queued" | "running" | "succeeded" | "failed" | "cancelled";

export interface RunView {
  id: string;
  status: RunStatus;
  total: number;
  processed: number;
  notes: string[];
  error: string | null;
  isCancelRequested: boolean;
  /** While a chunk-size variant's scratch copy is being filled: its documents done so far. */
  preparing: { processed: number; total: number } | null;
}

export function isActive(status: RunStatus): boolean {
  return status === "queued" || status === "running";
}

export function percentDone(run: Pick<RunView, "processed" | "total" | "status">): number {
  if (run.status === "succeeded") return 100;
  return run.total === 0 ? 0 : Math.floor((run.processed / run.total) * 100);
}
