"use client";

import Link from "next/link";
import { useEffect, useState, type ComponentProps } from "react";
import { ActionForm } from "@/components/ui/action-form";
import { Button } from "@/components/ui/button";
import { ProgressBar } from "@/components/ui/progress-bar";
import { JobStatusBadge } from "./badges";
import { COUNT_KEYS, countsSummary, isActive, percentDone, type JobView } from "./job-view";

type FormAction = ComponentProps<typeof ActionForm>["action"];

const POLL_MS = 1000;

interface JobProgressProps {
  initial: JobView;
  /** The JSON route with the job's current state, polled while it is queued or running. */
  statusUrl: string;
  documentsHref: string;
  knowledgeBase: string;
  /** For editors: cancelling the job and retrying its failed documents. */
  actions?: { cancel: FormAction; retry: FormAction };
}

/** A job's live progress: the bar, the counts, the failures, and what to do next. */
export function JobProgress({ initial, statusUrl, documentsHref, knowledgeBase, actions }: JobProgressProps) {
  const [job, setJob] = useState(initial);
  const [connection, setConnection] = useState<{ attempt: number; problem?: string; isFinal?: boolean }>({ attempt: 0 });

  useEffect(() => {
    if (!isActive(job.status) || connection.isFinal) return;
    let isStale = false;
    const timer = setTimeout(async () => {
      try {
        const response = await fetch(statusUrl, { cache: "no-store" });
        if (response.status === 401) throw new FinalProblem("Your session has ended. Sign in again to follow this job; it continues meanwhile.");
        if (response.status === 404) throw new FinalProblem("This job is no longer available to you. Go back to the documents.");
        if (!response.ok) throw new Error(`HTTP ${response.status}`);
        const next = (await response.json()) as JobView;
        if (!isStale) {
          setJob(next);
          setConnection({ attempt: 0 });
        }
      } catch (error) {
        if (isStale) return;
        if (error instanceof FinalProblem) setConnection({ attempt: 0, problem: error.message, isFinal: true });
        else setConnection((current) => ({ attempt: current.attempt + 1, problem: "Lost contact with the server; trying again. The job continues on the server meanwhile." }));
      }
    }, POLL_MS);
    return () => {
      isStale = true;
      clearTimeout(timer);
    };
  }, [job, connection.attempt, connection.isFinal, statusUrl]);

  const percent = percentDone(job);
  const hasFailures = job.counts.failed > 0;
  return (
    <div className="space-y-4" data-testid="job-progress-panel" data-status={job.status}>
      <div className="flex flex-wrap items-center justify-between gap-2">
        <p className="text-sm" data-testid="job-status-line">
          <JobStatusBadge status={job.status} testId="job-status" /> <span data-testid="job-processed">{job.processed} of {job.total}</span> documents processed
        </p>
        <span className="text-sm font-medium tabular-nums" aria-hidden="true">{percent}%</span>
      </div>
      <ProgressBar
        label="Job progress"
        percent={percent}
        isFailed={job.status === "failed"}
        valueText={`${percent}%: ${job.processed} of ${job.total} documents processed`}
        testId="job-progress"
      />

      <dl className="grid grid-cols-2 gap-2 text-sm sm:grid-cols-5" data-testid="job-counts">
        {COUNT_KEYS.map((key) => (
          <div key={key} className="rounded-lg border border-zinc-200 p-2 dark:border-zinc-800">
            <dt className="text-xs text-zinc-600 capitalize dark:text-zinc-400">{key}</dt>
            <dd className="text-lg font-medium tabular-nums" data-testid={`job-count-${key}`}>{job.counts[key]}</dd>
          </div>
        ))}
      </dl>
      <p className="text-sm" data-testid="job-summary">{countsSummary(job.counts)}</p>

      <NextStep job={job} documentsHref={documentsHref} canRetry={!!actions} />
      {connection.problem ? <p role="alert" className="text-sm text-amber-800 dark:text-amber-300" data-testid="job-connection">{connection.problem}</p> : null}
      {job.error ? <p className="text-sm text-amber-800 dark:text-amber-300" data-testid="job-error">{job.error}</p> : null}

      {job.failures.length > 0 ? (
        <div>
          <h3 className="mb-1 text-sm font-medium">Failed documents</h3>
          <ul className="space-y-1 text-sm" data-testid="job-failures">
            {job.failures.map((failure) => (
              <li key={failure.ordinal} data-testid="job-failure" data-source-id={failure.sourceId}>
                <code className="break-all">{failure.sourceId}</code>: {failure.reason ?? "no reason recorded"}
              </li>
            ))}
          </ul>
          {job.counts.failed > job.failures.length ? <p className="mt-1 text-xs">…and {job.counts.failed - job.failures.length} more.</p> : null}
        </div>
      ) : null}

      {actions ? (
        <div className="flex flex-wrap gap-3">
          {isActive(job.status) && !job.isCancelRequested ? (
            <ActionForm action={actions.cancel} confirmText="Stop this job? Documents already done stay." testId="job-cancel-form">
              <input type="hidden" name="knowledgeBase" value={knowledgeBase} />
              <input type="hidden" name="jobId" value={job.id} />
              <Button type="submit" variant="secondary" data-testid="job-cancel">Cancel job</Button>
            </ActionForm>
          ) : null}
          {!isActive(job.status) && hasFailures ? (
            <ActionForm action={actions.retry} testId="job-retry-form">
              <input type="hidden" name="knowledgeBase" value={knowledgeBase} />
              <input type="hidden" name="jobId" value={job.id} />
              <Button type="submit" data-testid="job-retry">Retry failed documents</Button>
            </ActionForm>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}

function NextStep({ job, documentsHref, canRetry }: { job: JobView; documentsHref: string; canRetry: boolean }) {
  const documentsLink = (
    <Link href={documentsHref} className="font-medium underline" data-testid="job-documents-link">
      View the documents
    </Link>
  );
  const failed = job.counts.failed;
  const retry = canRetry ? "Fix them and upload again, or retry them below." : "Ask an editor to fix them and upload again.";
  let text;
  if (job.status === "queued") text = <>Waiting for the background worker; it usually starts within seconds. If it stays queued, ask your administrator to check that the worker runs.</>;
  else if (job.status === "running") text = job.isCancelRequested ? <>Cancelling after the current batch…</> : <>Working… You may leave this page: the job continues in the background.</>;
  else if (job.status === "succeeded") text = failed > 0 ? <>Finished, but {failed} document(s) failed (listed below). {retry} {documentsLink}.</> : <>Done. {documentsLink}.</>;
  else if (job.status === "failed") {
    const next = !canRetry ? "Ask an editor to upload the files again." : failed > 0 ? "Retry the failed documents below, or upload the files again." : "Upload the files again.";
    text = <>The job stopped with an error. {next} {documentsLink}.</>;
  }
  else text = <>Cancelled. Documents already done stay; upload the rest again when you are ready. {documentsLink}.</>;
  return <p className="text-sm" role="status" data-testid="job-next-step">{text}</p>;
}

class FinalProblem extends Error {}
