import "server-only";
import { jobScope } from "@/lib/auth/system";
import { recordAuditEvent } from "@/lib/db/audit";
import { isCancelRequested, loadJobForRun, nextPendingItems, setJobState } from "@/lib/db/ingestion-jobs";
import { getUserById } from "@/lib/db/users";
import { ingestItems, type IngestItem } from "./core";
import type { InputDocument } from "./validate";

const BATCH_SIZE = 64;
// Two batches in flight: while PostgreSQL stores one (HNSW inserts are the slowest step), the next is chunked and embedded.
const CONCURRENCY = 2;
const CANCEL_CHECK_MS = 1_000;

export interface SliceResult {
  /** No pending items remain (or the job was cancelled or failed): nothing to continue. */
  isDone: boolean;
  /** Some documents were stored without vectors: the knowledge base needs an embedding backfill. */
  needsBackfill: boolean;
  knowledgeBaseId?: string;
}

export interface SliceOptions {
  /** Stop taking new batches after this time (ms since epoch); the queue continues the job in a new slice. */
  deadline?: number;
  signal?: AbortSignal;
  onProgress?: (job: { processed: number; total: number }) => void;
}

/**
 * Runs a job's pending items batch by batch until none remain, the deadline passes or the job is cancelled.
 * Safe to run again after a crash: each item takes effect exactly once.
 */
export async function runJobSlice(jobId: string, options: SliceOptions = {}): Promise<SliceResult> {
  const job = await loadJobForRun(jobId);
  if (!job || job.status === "cancelled" || job.status === "succeeded" || job.status === "failed") return { isDone: true, needsBackfill: false };
  const kb = job.knowledgeBase;
  const scope = jobScope(kb.id, `ingestion job ${job.id}`);
  if (job.status === "queued") await setJobState(job.id, { status: "running", startedAt: new Date() });

  let shouldEmbed = (job.details as { shouldEmbed?: boolean }).shouldEmbed !== false;
  let unavailableReason: string | undefined;
  let failure: unknown;
  let processed = job.processed;
  let cursor = -1;
  let lastCancelCheck = 0;
  const inFlight = new Set<Promise<void>>();
  const runBatch = async (batch: IngestItem[]) => {
    try {
      const result = await ingestItems(scope, jobId, kb, batch, { shouldEmbed, signal: options.signal });
      if (result.embeddingUnavailable) {
        shouldEmbed = false;
        unavailableReason ??= result.embeddingUnavailable;
      }
      processed += batch.length;
      options.onProgress?.({ processed, total: job.total });
    } catch (error) {
      failure ??= error;
    }
  };

  for (;;) {
    if (failure) break;
    if (Date.now() - lastCancelCheck > CANCEL_CHECK_MS) {
      lastCancelCheck = Date.now();
      if (await isCancelRequested(jobId)) {
        await Promise.all(inFlight);
        await setJobState(jobId, { status: "cancelled", finishedAt: new Date() });
        return { isDone: true, needsBackfill: unavailableReason !== undefined, knowledgeBaseId: kb.id };
      }
    }
    const items = await nextPendingItems(jobId, BATCH_SIZE, cursor);
    if (items.length === 0) break;
    cursor = items.at(-1)!.ordinal;
    const running = runBatch(items.map(toIngestItem));
    inFlight.add(running);
    void running.finally(() => inFlight.delete(running));
    if (inFlight.size >= CONCURRENCY) await Promise.race(inFlight);
    if (options.deadline && Date.now() > options.deadline) {
      await Promise.all(inFlight);
      if (!failure) return { isDone: false, needsBackfill: unavailableReason !== undefined, knowledgeBaseId: kb.id };
    }
  }
  await Promise.all(inFlight);

  if (failure) {
    // A configuration error (wrong embedding dimension) stops the job loudly; documents done so far stay stored.
    const message = failure instanceof Error ? failure.message.split("\n")[0]! : String(failure);
    await setJobState(jobId, { status: "failed", error: message, finishedAt: new Date() });
  } else {
    await setJobState(jobId, {
      status: "succeeded",
      finishedAt: new Date(),
      ...(unavailableReason ? { error: `Stored without vectors (searchable by full text; embedded later): ${unavailableReason}` } : {}),
    });
  }
  await auditJob(jobId);
  return { isDone: true, needsBackfill: unavailableReason !== undefined, knowledgeBaseId: kb.id };
}

function toIngestItem(item: { id: bigint; action: "upsert" | "delete"; sourceId: string; title: string | null; content: string | null; metadata: unknown }): IngestItem {
  if (item.action === "delete") return { itemId: item.id, action: "delete", sourceId: item.sourceId };
  const document: InputDocument = {
    sourceId: item.sourceId,
    title: item.title ?? item.sourceId,
    content: item.content ?? "",
    metadata: (item.metadata ?? {}) as Record<string, unknown>,
  };
  return { itemId: item.id, action: "upsert", document };
}

async function auditJob(jobId: string) {
  const job = await loadJobForRun(jobId);
  if (!job) return;
  const user = job.createdById ? await getUserById(job.createdById) : null;
  await recordAuditEvent({
    action: job.kind === "delete" ? "document.delete" : "document.ingest",
    actor: user ? { id: user.id, email: user.email } : null,
    target: { type: "knowledge_base", id: job.knowledgeBaseId },
    details: { jobId: job.id, source: job.source, status: job.status, counts: job.counts as Record<string, number>, total: job.total },
  });
}
