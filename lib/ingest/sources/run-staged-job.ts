import "server-only";
import type { KnowledgeBaseScope } from "@/lib/auth/scope";
import type { Prisma } from "@/lib/db/generated/client";
import { getJob, type JobCounts, type StagedItem } from "@/lib/db/ingestion-jobs";
import { enqueueIngestion, stopQueue } from "../queue";
import { submitItems } from "../submit";

// What the command line does with `runInline`, plus what an operator watching a terminal needs: progress, the
// job id as soon as it exists (to hand an interrupted run over to the app's workers), and a clean job record when
// reading the source fails half-way (nothing staged by then is ingested).

export type { JobCounts } from "@/lib/db/ingestion-jobs";

export interface JobReport {
  jobId: string;
  status: string;
  /** Why the job failed, or a note (stored without vectors). */
  error: string | null;
  counts: JobCounts;
  /** The job's first failed items. */
  failures: { sourceId: string; reason: string | null }[];
  /** Some documents were stored without vectors; the app's workers embed them later. */
  needsBackfill: boolean;
}

export interface JobHooks {
  onJobStaged?: (jobId: string) => void;
  onProgress?: (progress: { processed: number; total: number }) => void;
}

export interface JobSpec {
  kind: "import" | "delete";
  source: "sql" | "cli";
  details: Prisma.InputJsonObject;
}

/** Stages items as a job and runs it in this process, reporting progress (a failure while staging fails the job). */
export async function runStagedJob(scope: KnowledgeBaseScope, spec: JobSpec, items: AsyncIterable<StagedItem> | Iterable<StagedItem>, hooks: JobHooks = {}): Promise<JobReport> {
  const jobId = await submitItems(scope, spec.kind, items, { source: spec.source, details: spec.details, createdById: null, runInline: true, ...hooks });
  const job = await getJob(scope, jobId);
  await stopQueue();
  return {
    jobId,
    status: job.status,
    error: job.error,
    counts: job.counts,
    failures: job.failures.map((failure) => ({ sourceId: failure.sourceId, reason: failure.reason })),
    needsBackfill: typeof job.error === "string" && job.error.startsWith("Stored without vectors"),
  };
}

/** Hands a job interrupted in this process to the app's background workers, which finish its pending items. */
export async function handOverToWorkers(jobId: string): Promise<void> {
  await enqueueIngestion(jobId);
  await stopQueue();
}
