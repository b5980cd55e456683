import "server-only";
import type { KnowledgeBaseScope } from "@/lib/auth/scope";
import { getJob } from "@/lib/db/ingestion-jobs";
import { AppError, notFound } from "@/lib/errors";
import { cancelJob, retryFailed } from "@/lib/ingest/submit";
import { ApiProblem } from "./problem";
import type { JobAccepted, JobResource } from "./jobs-schema";

// Ingestion jobs as the REST API shows them, and the two things a write key may do to one: cancel and retry.

type Job = Awaited<ReturnType<typeof getJob>>;

const ACTIONS = ["cancel", "retry"] as const;
export type JobAction = (typeof ACTIONS)[number];

/** The job's path under the knowledge base (by id, which unlike the slug never changes). */
export function jobPath(knowledgeBaseId: string, jobId: string): string {
  return `/api/v1/knowledge-bases/${knowledgeBaseId}/jobs/${jobId}`;
}

/** A job with its progress, counts and first failures. */
export async function getJobResource(scope: KnowledgeBaseScope, jobId: string): Promise<JobResource> {
  return toResource(await getJob(scope, jobId));
}

/** Asks a job to stop (a queued one stops at once, a running one after its current batch); 409 once it finished. */
export async function cancelJobResource(scope: KnowledgeBaseScope, jobId: string): Promise<JobResource> {
  const job = await getJob(scope, jobId);
  if (job.status === "succeeded" || job.status === "failed") {
    throw new AppError("conflict", `The job has already ${job.status === "failed" ? "failed" : "succeeded"}; there is nothing to cancel.`);
  }
  await cancelJob(scope, jobId);
  return getJobResource(scope, jobId);
}

/** Stages the failed documents of a job as a new background job. */
export async function retryJobResource(scope: KnowledgeBaseScope, jobId: string): Promise<JobAccepted> {
  return jobAccepted(scope, await retryFailed(scope, jobId, null));
}

/** The 202 answer for a job just staged. */
export async function jobAccepted(scope: KnowledgeBaseScope, jobId: string): Promise<JobAccepted> {
  const job = await getJob(scope, jobId);
  return { jobId, status: job.status, total: job.total, links: { job: jobPath(job.knowledgeBaseId, jobId) } };
}

/** Splits the `{jobId}:cancel` path segment; 404 for an action there is none of. */
export function parseJobAction(segment: string): { jobId: string; action: JobAction } {
  const at = segment.lastIndexOf(":");
  const action = ACTIONS.find((name) => name === segment.slice(at + 1));
  if (at < 0 || !action) throw notFound("Job action");
  return { jobId: segment.slice(0, at), action };
}

/** Why a job that ran inline did not keep or delete its document: the item's reason (422) or the job's error (500). */
export function jobFailure(job: Job): ApiProblem {
  const reason = job.failures[0]?.reason;
  if (reason) return new ApiProblem("invalid_document", reason, { jobId: job.id });
  return new ApiProblem("ingest_failed", job.error ?? "The document could not be ingested.", { jobId: job.id });
}

function toResource(job: Job): JobResource {
  const path = jobPath(job.knowledgeBaseId, job.id);
  return {
    id: job.id,
    kind: job.kind,
    source: job.source,
    status: job.status,
    total: job.total,
    processed: job.processed,
    counts: job.counts,
    error: job.error,
    cancelRequested: job.cancelRequested,
    failures: job.failures,
    createdAt: job.createdAt.toISOString(),
    startedAt: job.startedAt?.toISOString() ?? null,
    finishedAt: job.finishedAt?.toISOString() ?? null,
    updatedAt: job.updatedAt.toISOString(),
    links: { self: path, cancel: `${path}:cancel`, retry: `${path}:retry` },
  };
}
