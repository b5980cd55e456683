import Link from "next/link";
import { JobStatusBadge } from "./badges";
import { formatUtc } from "./format";
import { countsSummary, jobLabel, type CountKey, type JobStatus } from "./job-view";

export interface RecentJob {
  id: string;
  href: string;
  kind: string;
  source: string;
  status: JobStatus;
  total: number;
  processed: number;
  counts: Partial<Record<CountKey, number>>;
  createdAt: string;
}

/** The knowledge base's latest ingestion jobs, each linking to its page. */
export function RecentJobs({ jobs }: { jobs: RecentJob[] }) {
  if (jobs.length === 0) return <p className="text-sm text-zinc-600 dark:text-zinc-400">No uploads or deletions yet. Each one appears here with its progress.</p>;
  return (
    <ul className="divide-y divide-zinc-200 dark:divide-zinc-800" data-testid="recent-jobs">
      {jobs.map((job) => (
        <li key={job.id} className="flex flex-wrap items-center justify-between gap-2 py-2 text-sm" data-testid="job-row" data-job-id={job.id}>
          <div className="min-w-0">
            <Link href={job.href} className="font-medium hover:underline" data-testid="job-link">
              {jobLabel(job.kind, job.source)}
            </Link>{" "}
            <span className="text-xs text-zinc-600 dark:text-zinc-400">
              <time dateTime={job.createdAt}>{formatUtc(job.createdAt)}</time> · {job.processed} of {job.total} · <span data-testid="job-row-counts">{countsSummary(job.counts)}</span>
            </span>
          </div>
          <JobStatusBadge status={job.status} testId="job-row-status" />
        </li>
      ))}
    </ul>
  );
}
