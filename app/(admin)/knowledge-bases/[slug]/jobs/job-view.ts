import "server-only";
import type { JobView, RejectedRow } from "@/components/documents/job-view";
import type { getJob } from "@/lib/db/ingestion-jobs";

type Job = Awaited<ReturnType<typeof getJob>>;

/** A job as its page and status route show it. */
export function toJobView(job: Job): JobView {
  return {
    id: job.id,
    kind: job.kind,
    source: job.source,
    status: job.status,
    total: job.total,
    processed: job.processed,
    counts: job.counts,
    error: job.error,
    isCancelRequested: job.cancelRequested,
    failures: job.failures,
    createdAt: job.createdAt.toISOString(),
    finishedAt: job.finishedAt?.toISOString() ?? null,
  };
}

/** What an upload recorded in its job: the files and what was rejected before the job started. */
export function uploadDetails(job: Job): { files: { name: string; accepted: number }[]; rejected: RejectedRow[]; rejectedCount: number } {
  const details = (job.details ?? {}) as { files?: { name: string; accepted: number }[]; rejected?: RejectedRow[]; rejectedCount?: number };
  const rejected = Array.isArray(details.rejected) ? details.rejected : [];
  return { files: Array.isArray(details.files) ? details.files : [], rejected, rejectedCount: details.rejectedCount ?? rejected.length };
}
