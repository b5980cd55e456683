import "server-only";
import type { RunView } from "@/components/evaluation/run-view";
import type { getRun } from "@/lib/db/evaluation-runs";
import { scratchJobState } from "@/lib/db/evaluation-scratch";

type Run = Awaited<ReturnType<typeof getRun>>;

/** A run as its page and status route show it, with the scratch copy's progress while one is being filled. */
export async function toRunView(run: Run): Promise<RunView> {
  const job = run.scratchJobId && run.status === "running" && run.processed === 0 ? await scratchJobState(run.scratchJobId) : null;
  return {
    id: run.id,
    status: run.status,
    total: run.total,
    processed: run.processed,
    notes: Array.isArray(run.notes) ? (run.notes as string[]) : [],
    error: run.error,
    isCancelRequested: run.cancelRequested,
    preparing: job && (job.status === "queued" || job.status === "running") ? { processed: job.processed, total: job.total } : null,
  };
}
