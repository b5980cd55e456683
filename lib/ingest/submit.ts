import "server-only";
import type { KnowledgeBaseScope } from "@/lib/auth/scope";
import { getDocumentHashes, writableKnowledgeBase } from "@/lib/db/documents";
import type { Prisma } from "@/lib/db/generated/client";
import { createJobWithItems, failedItems, getJob, setJobState, type StagedItem } from "@/lib/db/ingestion-jobs";
import { AppError } from "@/lib/errors";
import { contentHash } from "./core";
import { runJobSlice } from "./jobs";
import { enqueueEmbedding, enqueueIngestion } from "./queue";
import { findDuplicateIds, type InputDocument } from "./validate";

// How every entry point hands documents over: the documents are staged as a job (so nothing is lost if the app stops)
// and either queued for the background workers (uploads, batches, syncs) or run right away (a single API PUT, the CLI).

export type JobSource = "upload" | "paste" | "web" | "api" | "sql" | "cli";

export interface SubmitOptions {
  source: JobSource;
  details?: Prisma.InputJsonObject;
  createdById: string | null;
  /** Run the job in this process before returning (and still queue a backfill if vectors are missing). */
  runInline?: boolean;
  /** Called once the items are staged (the job is durable from then on). */
  onJobStaged?: (jobId: string) => void;
  /** Progress of an inline run. */
  onProgress?: (progress: { processed: number; total: number }) => void;
  /** false: store for full-text search only and leave the vectors to the backfill (e.g. a lexical evaluation). */
  shouldEmbed?: boolean;
}

/** Stages validated documents as an import job; duplicate ids in one submission are refused, listed. */
export async function submitDocuments(scope: KnowledgeBaseScope, documents: readonly InputDocument[], options: SubmitOptions): Promise<string> {
  writableKnowledgeBase(scope);
  const duplicates = findDuplicateIds([...documents]);
  if (duplicates.length > 0) {
    throw new AppError("invalid_input", `The same id appears more than once in this batch: ${duplicates.join(", ")}. Nothing was ingested.`, { duplicates });
  }
  return submitItems(scope, "import", documents.map(toStaged), options);
}

/** Stages deletions by source id as a job. */
export async function submitDeletions(scope: KnowledgeBaseScope, sourceIds: readonly string[], options: SubmitOptions): Promise<string> {
  writableKnowledgeBase(scope);
  return submitItems(scope, "delete", [...new Set(sourceIds)].map((sourceId) => ({ action: "delete" as const, sourceId })), options);
}

/** Stages any mix of upserts and deletions, possibly streamed (SQL sync), as one job. */
export async function submitItems(
  scope: KnowledgeBaseScope,
  kind: string,
  items: Iterable<StagedItem> | AsyncIterable<StagedItem>,
  options: SubmitOptions,
): Promise<string> {
  const details = { ...options.details, ...(options.shouldEmbed === false ? { shouldEmbed: false } : {}) };
  const job = { kind, source: options.source, details, createdById: options.createdById };
  const jobId = await createJobWithItems(scope, job, markUnchanged(scope, items));
  options.onJobStaged?.(jobId);
  if (options.runInline) {
    const result = await runJobSlice(jobId, { onProgress: options.onProgress });
    if (result.needsBackfill) await enqueueEmbedding(scope.knowledgeBaseIds[0]!).catch(logQueueError);
  } else {
    await enqueueIngestion(jobId);
  }
  return jobId;
}

/** Stops a job between batches; documents already done stay. */
export async function cancelJob(scope: KnowledgeBaseScope, jobId: string): Promise<void> {
  writableKnowledgeBase(scope);
  const job = await getJob(scope, jobId);
  if (job.status === "queued") await setJobState(jobId, { status: "cancelled", cancelRequested: true, finishedAt: new Date() });
  else if (job.status === "running") await setJobState(jobId, { cancelRequested: true });
}

/** A new job with the failed documents of an earlier one. */
export async function retryFailed(scope: KnowledgeBaseScope, jobId: string, createdById: string | null): Promise<string> {
  writableKnowledgeBase(scope);
  await getJob(scope, jobId);
  const failed = await failedItems(jobId);
  if (failed.length === 0) throw new AppError("invalid_input", "This job has no failed documents to retry.");
  const items: StagedItem[] = failed.map((item) =>
    item.action === "delete"
      ? { action: "delete", sourceId: item.sourceId }
      : { action: "upsert", sourceId: item.sourceId, title: item.title ?? item.sourceId, content: item.content ?? "", metadata: (item.metadata ?? {}) as Prisma.InputJsonObject },
  );
  return submitItems(scope, "import", items, { source: "api", details: { retryOf: jobId }, createdById });
}

/**
 * Compares each upsert's hash with the stored document's as it is staged, so re-sending an unchanged corpus costs one
 * lookup per few hundred documents and nothing more: those items are recorded as unchanged without their content.
 */
async function* markUnchanged(scope: KnowledgeBaseScope, items: Iterable<StagedItem> | AsyncIterable<StagedItem>): AsyncIterable<StagedItem> {
  let batch: StagedItem[] = [];
  const flush = async function* () {
    const upserts = batch.filter((item): item is Extract<StagedItem, { action: "upsert" }> => item.action === "upsert");
    const stored = upserts.length ? await getDocumentHashes(scope, upserts.map((item) => item.sourceId)) : new Map<string, string>();
    for (const item of batch) {
      yield item.action === "upsert" && stored.get(item.sourceId) === contentHash({ ...item, metadata: item.metadata as Record<string, unknown> })
        ? { ...item, isUnchanged: true }
        : item;
    }
    batch = [];
  };
  for await (const item of items) {
    batch.push(item);
    if (batch.length >= 500) yield* flush();
  }
  yield* flush();
}

function toStaged(document: InputDocument): StagedItem {
  return { action: "upsert", sourceId: document.sourceId, title: document.title, content: document.content, metadata: document.metadata as Prisma.InputJsonObject };
}

function logQueueError(error: unknown) {
  console.error(`queue: could not schedule the embedding backfill: ${error instanceof Error ? error.message : String(error)}`);
}
