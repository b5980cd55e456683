import type { JobStatus } from "./job-view";

const BADGE = "inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium whitespace-nowrap";

/** Whether a document (or chunk) has its vectors yet; without them it is found by full-text search only. */
export function EmbeddedBadge({ isEmbedded, testId }: { isEmbedded: boolean; testId?: string }) {
  return isEmbedded ? (
    <span className={`${BADGE} bg-emerald-100 text-emerald-800 dark:bg-emerald-950 dark:text-emerald-300`} data-testid={testId} data-embedded="true">
      embedded
    </span>
  ) : (
    <span
      className={`${BADGE} bg-amber-100 text-amber-900 dark:bg-amber-950 dark:text-amber-300`}
      data-testid={testId}
      data-embedded="false"
      title="No vectors yet: found by full-text search only until the embedding model is reachable."
    >
      not embedded
    </span>
  );
}

const STATUS_STYLE: Record<JobStatus, string> = {
  queued: "bg-zinc-100 text-zinc-800 dark:bg-zinc-800 dark:text-zinc-200",
  running: "bg-brand-50 text-brand-700 dark:bg-zinc-800 dark:text-brand-500",
  succeeded: "bg-emerald-100 text-emerald-800 dark:bg-emerald-950 dark:text-emerald-300",
  failed: "bg-red-100 text-red-800 dark:bg-red-950 dark:text-red-300",
  cancelled: "bg-amber-100 text-amber-900 dark:bg-amber-950 dark:text-amber-300",
};

export function JobStatusBadge({ status, testId }: { status: JobStatus; testId?: string }) {
  return (
    <span className={`${BADGE} ${STATUS_STYLE[status]}`} data-testid={testId} data-status={status}>
      {status}
    </span>
  );
}
