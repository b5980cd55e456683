import "server-only";
import PgBoss from "pg-boss";
import { databaseUrl, env } from "@/lib/env";
import { runEmbeddingSlice } from "./backfill";
import { runJobSlice } from "./jobs";

// Durable background work on pg-boss, in the same PostgreSQL. A job runs in slices of at most ENCLAVE_JOB_SLICE_SECONDS:
// a slice that finishes in time enqueues the next one; a worker that dies mid-slice leaves its pg-boss job to expire
// and be retried by the next worker, which resumes from the items still pending (each item takes effect once).

const INGEST_QUEUE = "enclave-ingest";
const EMBED_QUEUE = "enclave-embed";

interface IngestMessage {
  jobId: string;
}
interface EmbedMessage {
  knowledgeBaseId: string;
}

let started: Promise<PgBoss> | undefined;

async function startBoss(): Promise<PgBoss> {
  const slice = env().ENCLAVE_JOB_SLICE_SECONDS;
  const boss = new PgBoss({ connectionString: databaseUrl(), max: 3, schema: "pgboss", application_name: "enclave-queue" });
  boss.on("error", (error) => console.error(`queue: ${error.message}`));
  await boss.start();
  const expireInSeconds = slice * 2 + 30;
  await boss.createQueue(INGEST_QUEUE, { name: INGEST_QUEUE, policy: "standard", retryLimit: 50, retryDelay: 2, expireInSeconds });
  // One embedding run per knowledge base at a time, and at most one waiting.
  await boss.createQueue(EMBED_QUEUE, { name: EMBED_QUEUE, policy: "stately", retryLimit: 1000, retryDelay: 15, retryBackoff: true, expireInSeconds });
  await createEvaluationQueue(boss, expireInSeconds);
  return boss;
}

/** This process's queue connection (started once). */
export function queue(): Promise<PgBoss> {
  started ??= startBoss().catch((error: unknown) => {
    started = undefined;
    throw error;
  });
  return started;
}

/** Hands an ingestion job (already staged) to the workers. */
export async function enqueueIngestion(jobId: string): Promise<void> {
  await (await queue()).send(INGEST_QUEUE, { jobId } satisfies IngestMessage);
}

/** Asks the workers to embed whatever of a knowledge base still lacks vectors (or a pending model's vectors). */
export async function enqueueEmbedding(knowledgeBaseId: string): Promise<void> {
  await (await queue()).send(EMBED_QUEUE, { knowledgeBaseId } satisfies EmbedMessage, { singletonKey: knowledgeBaseId });
}

/** Starts processing both queues in this process; resolves once the workers are registered. */
export async function startWorkers(): Promise<void> {
  const boss = await queue();
  const sliceMs = env().ENCLAVE_JOB_SLICE_SECONDS * 1000;
  await boss.work<IngestMessage>(INGEST_QUEUE, { batchSize: 1, pollingIntervalSeconds: 0.5 }, async ([job]) => {
    const { jobId } = job!.data;
    const result = await runJobSlice(jobId, { deadline: Date.now() + sliceMs });
    if (!result.isDone) await enqueueIngestion(jobId);
    if (result.needsBackfill && result.knowledgeBaseId) await enqueueEmbedding(result.knowledgeBaseId);
  });
  await boss.work<EmbedMessage>(EMBED_QUEUE, { batchSize: 1, pollingIntervalSeconds: 1 }, async ([job]) => {
    const { knowledgeBaseId } = job!.data;
    const result = await runEmbeddingSlice(knowledgeBaseId, { deadline: Date.now() + sliceMs });
    // Thrown so pg-boss retries later with backoff while the endpoint is down.
    if (result.unavailable) throw new Error(result.unavailable);
    if (!result.isDone) await enqueueEmbedding(knowledgeBaseId);
  });
  await startEvaluationWorker(boss, sliceMs);
}

/** Stops this process's queue connection, letting running slices finish. */
export async function stopQueue(): Promise<void> {
  const boss = await started?.catch(() => undefined);
  started = undefined;
  await boss?.stop({ graceful: true, wait: true, timeout: 30_000 });
}

// --- Evaluation runs (lib/eval/run.ts), sliced like ingestion jobs: a slice scores questions until its deadline and
// enqueues the next; a run waiting for its scratch copy comes back a few seconds later. Loaded on demand, so the web
// server's queue (which only enqueues) never imports the evaluation code.

const EVAL_QUEUE = "enclave-eval";

interface EvalMessage {
  runId: string;
}

async function createEvaluationQueue(boss: PgBoss, expireInSeconds: number): Promise<void> {
  await boss.createQueue(EVAL_QUEUE, { name: EVAL_QUEUE, policy: "standard", retryLimit: 50, retryDelay: 2, expireInSeconds });
}

/** Hands an evaluation run (already staged) to the workers, now or after `startAfterSeconds`. */
export async function enqueueEvaluation(runId: string, startAfterSeconds = 0): Promise<void> {
  await (await queue()).send(EVAL_QUEUE, { runId } satisfies EvalMessage, startAfterSeconds > 0 ? { startAfter: startAfterSeconds } : {});
}

async function startEvaluationWorker(boss: PgBoss, sliceMs: number): Promise<void> {
  await boss.work<EvalMessage>(EVAL_QUEUE, { batchSize: 1, pollingIntervalSeconds: 0.5 }, async ([job]) => {
    const { runId } = job!.data;
    const { runEvaluationSlice } = await import("@/lib/eval/run");
    const result = await runEvaluationSlice(runId, { deadline: Date.now() + sliceMs });
    if (!result.isDone) await enqueueEvaluation(runId, result.retryAfterSeconds);
  });
}
