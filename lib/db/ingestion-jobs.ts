import "server-only";
import type { KnowledgeBaseScope } from "@/lib/auth/scope";
import { notFound } from "@/lib/errors";
import { db } from "./client";
import type { IngestionOutcome, Prisma } from "./generated/client";
import { isUuid } from "./ids";

export interface ItemOutcome {
  itemId: bigint;
  outcome: IngestionOutcome;
  reason?: string;
}

export type StagedItem =
  | { action: "upsert"; sourceId: string; title: string; content: string; metadata: Prisma.InputJsonObject; isUnchanged?: boolean }
  | { action: "delete"; sourceId: string };

const STAGE_BATCH = 500;

/** Creates a queued job with its items staged in order; returns the job id. */
export async function createJobWithItems(
  scope: KnowledgeBaseScope,
  job: { kind: string; source: string; details: Prisma.InputJsonObject; createdById: string | null },
  items: Iterable<StagedItem> | AsyncIterable<StagedItem>,
): Promise<string> {
  const knowledgeBaseId = scope.knowledgeBaseIds[0]!;
  const created = await db().ingestionJob.create({ data: { knowledgeBaseId, kind: job.kind, source: job.source, details: job.details, createdById: job.createdById } });
  let ordinal = 0;
  let unchanged = 0;
  let batch: StagedItem[] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    const first = ordinal - batch.length;
    // An item already known to be unchanged is recorded as done at once, without its content.
    const isDone = (item: StagedItem) => item.action === "upsert" && item.isUnchanged === true;
    const staged = (item: StagedItem) => item.action === "upsert" && !isDone(item);
    await db().$executeRaw`
      INSERT INTO ingestion_job_items (job_id, ordinal, action, source_id, title, content, metadata, outcome, processed_at)
      SELECT ${created.id}::uuid, ${first}::int + i.n - 1, i.action::ingestion_action, i.source_id, i.title, i.content, i.metadata::jsonb,
             CASE WHEN i.is_done THEN 'unchanged'::ingestion_outcome END, CASE WHEN i.is_done THEN now() END
      FROM unnest(${batch.map((item) => item.action)}::text[], ${batch.map((item) => item.sourceId)}::text[],
                  ${batch.map((item) => (item.action === "upsert" && staged(item) ? item.title : null))}::text[],
                  ${batch.map((item) => (item.action === "upsert" && staged(item) ? item.content : null))}::text[],
                  ${batch.map((item) => (item.action === "upsert" && staged(item) ? JSON.stringify(item.metadata) : null))}::text[],
                  ${batch.map(isDone)}::boolean[])
           WITH ORDINALITY AS i(action, source_id, title, content, metadata, is_done, n)`;
    unchanged += batch.filter(isDone).length;
    batch = [];
  };
  try {
    for await (const item of items) {
      batch.push(item);
      ordinal++;
      if (batch.length >= STAGE_BATCH) await flush();
    }
    await flush();
  } catch (error) {
    // Reading the source failed half-way: the half-staged job never runs, and says why.
    const reason = error instanceof Error ? error.message.split("\n")[0]! : String(error);
    await db().ingestionJobItem.deleteMany({ where: { jobId: created.id } });
    await db().ingestionJob.update({ where: { id: created.id }, data: { status: "failed", error: `Nothing was ingested: ${reason}`, finishedAt: new Date() } });
    throw error;
  }
  await db().ingestionJob.update({
    where: { id: created.id },
    data: { total: ordinal, processed: unchanged, counts: unchanged ? { unchanged } : {} },
  });
  return created.id;
}

/** The next pending items of a job after `afterOrdinal`, in order. */
export async function nextPendingItems(jobId: string, limit: number, afterOrdinal = -1) {
  return db().ingestionJobItem.findMany({ where: { jobId, outcome: null, ordinal: { gt: afterOrdinal } }, orderBy: { ordinal: "asc" }, take: limit });
}

/** Whether someone asked to cancel the job. */
export async function isCancelRequested(jobId: string): Promise<boolean> {
  const job = await db().ingestionJob.findUnique({ where: { id: jobId }, select: { cancelRequested: true } });
  return job?.cancelRequested ?? true;
}

/**
 * Records outcomes of items still open (inside the transaction that applied them) and adds them to the job's counts.
 * Successful items drop their staged copy; failed ones keep it so they can be retried.
 */
export async function recordItemOutcomes(tx: Prisma.TransactionClient, jobId: string, outcomes: readonly ItemOutcome[]): Promise<void> {
  if (outcomes.length === 0) return;
  const recorded = await tx.$queryRaw<{ outcome: IngestionOutcome }[]>`
    UPDATE ingestion_job_items AS item SET outcome = o.outcome::ingestion_outcome, reason = o.reason, processed_at = now(),
      title = CASE WHEN o.outcome = 'failed' THEN item.title END,
      content = CASE WHEN o.outcome = 'failed' THEN item.content END,
      metadata = CASE WHEN o.outcome = 'failed' THEN item.metadata END
    FROM unnest(${outcomes.map((o) => o.itemId)}::bigint[], ${outcomes.map((o) => o.outcome)}::text[], ${outcomes.map((o) => o.reason ?? null)}::text[])
         AS o(id, outcome, reason)
    WHERE item.id = o.id AND item.job_id = ${jobId}::uuid AND item.outcome IS NULL
    RETURNING item.outcome`;
  const counts: Record<string, number> = {};
  for (const row of recorded) counts[row.outcome] = (counts[row.outcome] ?? 0) + 1;
  await tx.$executeRaw`
    UPDATE ingestion_jobs SET processed = processed + ${recorded.length}::int, updated_at = now(),
      counts = (SELECT jsonb_object_agg(key, value) FROM (
        SELECT key, sum(value::int) AS value FROM (
          SELECT * FROM jsonb_each_text(counts) UNION ALL SELECT * FROM jsonb_each_text(${JSON.stringify(counts)}::jsonb)
        ) AS merged(key, value) GROUP BY key) AS summed)
    WHERE id = ${jobId}::uuid`;
}

export const JOB_OUTCOMES = ["added", "replaced", "unchanged", "deleted", "failed"] as const;
export type JobCounts = Record<(typeof JOB_OUTCOMES)[number], number>;

/** A job's per-outcome counts, every outcome present (zero when none). */
export function jobCounts(counts: Prisma.JsonValue): JobCounts {
  const stored = (counts && typeof counts === "object" && !Array.isArray(counts) ? counts : {}) as Record<string, unknown>;
  return Object.fromEntries(JOB_OUTCOMES.map((outcome) => [outcome, typeof stored[outcome] === "number" ? stored[outcome] : 0])) as JobCounts;
}

/** A job of the scope's knowledge bases with its counts and first failures, or a 404. */
export async function getJob(scope: KnowledgeBaseScope, jobId: string) {
  if (!isUuid(jobId)) throw notFound("Job");
  const job = await db().ingestionJob.findFirst({ where: { id: jobId, knowledgeBaseId: { in: [...scope.knowledgeBaseIds] } } });
  if (!job) throw notFound("Job");
  const failures = await db().ingestionJobItem.findMany({
    where: { jobId, outcome: "failed" },
    select: { ordinal: true, sourceId: true, reason: true },
    orderBy: { ordinal: "asc" },
    take: 100,
  });
  return { ...job, counts: jobCounts(job.counts), failures };
}

/** Every failed item of a job with its staged document (kept for retrying); callers have authorized the job. */
export async function failedItems(jobId: string) {
  return db().ingestionJobItem.findMany({ where: { jobId, outcome: "failed" }, orderBy: { ordinal: "asc" } });
}

/** The most recent jobs of a knowledge base. */
export async function listJobs(scope: KnowledgeBaseScope, limit = 20) {
  return db().ingestionJob.findMany({ where: { knowledgeBaseId: { in: [...scope.knowledgeBaseIds] } }, orderBy: { createdAt: "desc" }, take: limit });
}

/** Internal (job runner): a job and its knowledge base's settings, by id. */
export async function loadJobForRun(jobId: string) {
  return db().ingestionJob.findUnique({ where: { id: jobId }, include: { knowledgeBase: true } });
}

export async function setJobState(jobId: string, data: Prisma.IngestionJobUpdateInput) {
  await db().ingestionJob.update({ where: { id: jobId }, data });
}
