import "server-only";
import type { KnowledgeBaseScope } from "@/lib/auth/scope";
import { jobScope } from "@/lib/auth/system";
import { addRunNote, isRunCancelRequested, loadRunForWork, nextPendingResults, saveResult, scoredResults, setRunState, type RunResult } from "@/lib/db/evaluation-runs";
import { corpusSize, createScratchBase, dropScratchBase, liveDocumentsForCopy, scratchJobState } from "@/lib/db/evaluation-scratch";
import { getKnowledgeBase } from "@/lib/db/knowledge-bases";
import { AppError } from "@/lib/errors";
import { submitItems } from "@/lib/ingest/submit";
import { retrieve, type RetrievalSettings } from "@/lib/rag/retrieve";
import { answerForEvaluation, chatModelStatus, type AnswerModelSettings } from "./answers";
import { scoreRetrieval, scoreAnswer, type QuestionOutcome } from "./score";
import { summarize } from "./summary";
import type { RunSnapshot } from "./runs";

// Runs an evaluation in slices, like ingestion jobs: a slice scores questions until its deadline and the queue
// continues the run in a new slice; each question is scored once, so a worker that dies resumes where it stopped.

export interface RunSliceOptions {
  /** Stop taking new questions after this time (ms since epoch). */
  deadline?: number;
  /** The CLI: prepare a scratch copy in this process instead of handing it to the ingestion workers. */
  inline?: boolean;
  onProgress?: (progress: { processed: number; total: number }) => void;
}

export interface RunSliceResult {
  isDone: boolean;
  /** Continue after this many seconds (a scratch copy is still being prepared). */
  retryAfterSeconds?: number;
}

const BATCH = 8;

/** Scores a run's pending questions until none remain, the deadline passes or the run is cancelled. */
export async function runEvaluationSlice(runId: string, options: RunSliceOptions = {}): Promise<RunSliceResult> {
  const run = await loadRunForWork(runId);
  if (!run || run.status === "succeeded" || run.status === "failed" || run.status === "cancelled") return { isDone: true };
  const liveScope = jobScope(run.knowledgeBaseId, `evaluation run ${run.id}`);
  try {
    if (run.status === "queued") await setRunState(run.id, { status: "running", startedAt: new Date() });
    const kb = await getKnowledgeBase(liveScope, run.knowledgeBaseId);
    const settings = run.settings as unknown as RunSnapshot;
    const target = settings.corpus === "scratch" ? await scratchScope(run, liveScope, settings, options) : liveScope;
    if ("waitSeconds" in target) return { isDone: false, retryAfterSeconds: target.waitSeconds };

    const retrieval: RetrievalSettings = { ...kb, apiKey: null, topK: settings.topK, relevanceFloor: settings.relevanceFloor };
    const model: AnswerModelSettings = { chatBaseUrl: kb.chatBaseUrl, chatModel: settings.chatModel, contextWindow: kb.contextWindow, answerInstructions: kb.answerInstructions };
    const withAnswers = run.withAnswers && (await canAnswer(run.id, kb.modelLocation, model));
    let processed = run.processed;
    let cursor = 0;
    for (;;) {
      if (await isRunCancelRequested(run.id)) {
        await finish(run.id, "cancelled");
        return { isDone: true };
      }
      if (options.deadline && Date.now() > options.deadline) return { isDone: false };
      const batch = await nextPendingResults(run.id, BATCH, cursor);
      if (batch.length === 0) break;
      cursor = batch.at(-1)!.ordinal;
      for (const row of batch) {
        const outcome = await scoreOne(row, target, retrieval, settings, withAnswers ? model : null);
        if (outcome.notice) await addRunNote(run.id, outcome.notice);
        await saveResult(run.id, row.id, outcome);
        options.onProgress?.({ processed: ++processed, total: run.total });
      }
    }
    const rows = await scoredResults(run.id);
    const metrics = summarize(rows.map((row) => ({ isUnanswerable: row.isUnanswerable, metrics: row.metrics, hasAnswer: row.answer !== null || row.metrics.answerError !== undefined })), settings.topK);
    await finish(run.id, "succeeded", { metrics: metrics as unknown as Record<string, number> });
    return { isDone: true };
  } catch (error) {
    const message = error instanceof AppError ? error.message : `The run stopped with an error: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}`;
    if (!(error instanceof AppError)) console.error(`evaluation: run ${run.id} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    await finish(run.id, "failed", { error: message });
    return { isDone: true };
  }
}

async function scoreOne(row: RunResult, scope: KnowledgeBaseScope, retrieval: RetrievalSettings, settings: RunSnapshot, model: AnswerModelSettings | null): Promise<QuestionOutcome> {
  const mode = settings.mode === "auto" ? undefined : settings.mode;
  const result = await retrieve(scope, retrieval, row.question, { k: settings.topK, mode });
  const outcome = scoreRetrieval(row, result);
  if (!model) return outcome;
  const answer = await answerForEvaluation(model, row.question, result.passages);
  return scoreAnswer(row, outcome, answer);
}

/** Answers need a reachable local model; otherwise the run goes on with retrieval metrics only, and says why. */
async function canAnswer(runId: string, location: string, model: AnswerModelSettings): Promise<boolean> {
  if (location === "hosted") {
    await addRunNote(runId, "Answer metrics skipped: this knowledge base answers with a hosted model, and evaluation does not send questions out of the building. Retrieval metrics were measured.");
    await setRunState(runId, { withAnswers: false });
    return false;
  }
  const status = await chatModelStatus(model);
  if (status.ok) return true;
  await addRunNote(runId, `Answer metrics skipped: ${status.reason} Retrieval metrics were measured.`);
  await setRunState(runId, { withAnswers: false });
  return false;
}

/**
 * The scratch copy a chunk-size variant searches: created on the first slice (the live base's documents, chunked the
 * variant's way by the ingestion workers, or in this process for the CLI), then waited for.
 */
async function scratchScope(
  run: { id: string; source: string; createdById: string | null; scratchKnowledgeBaseId: string | null; scratchJobId: string | null },
  liveScope: KnowledgeBaseScope,
  settings: RunSnapshot,
  options: RunSliceOptions,
): Promise<KnowledgeBaseScope | { waitSeconds: number }> {
  if (run.scratchKnowledgeBaseId && run.scratchJobId) {
    const job = await scratchJobState(run.scratchJobId);
    if (!job) throw new AppError("conflict", "The scratch copy's ingestion job disappeared; run the variant again.");
    if (job.status === "queued" || job.status === "running") return { waitSeconds: 2 };
    if (job.status !== "succeeded") throw new AppError("conflict", `The scratch copy could not be prepared (${job.status}): ${job.error ?? "no reason recorded"}.`);
    if (job.error) await addRunNote(run.id, `Scratch copy: ${job.error}`);
    const [copy, live] = await Promise.all([corpusSize(run.scratchKnowledgeBaseId), corpusSize(liveScope.knowledgeBaseIds[0]!)]);
    await addRunNote(
      run.id,
      `Chunk size ${settings.chunkSize} (overlap ${settings.chunkOverlap}): searched a scratch copy of the ${copy.documents} documents chunked that way ` +
        `(${copy.chunks} passages; the live base has ${live.chunks}). The live knowledge base was not changed.`,
    );
    return jobScope(run.scratchKnowledgeBaseId, `evaluation run ${run.id}`);
  }
  if (run.scratchJobId) throw new AppError("conflict", "The scratch copy of this run was deleted before the run finished; run the variant again.");
  // A copy left half-made by a worker that died before recording its job is started over.
  if (run.scratchKnowledgeBaseId) await dropScratchBase(run.id);
  const scratch = await createScratchBase(liveScope, run.id, settings);
  const scope = jobScope(scratch.id, `evaluation run ${run.id}`);
  const jobId = await submitItems(scope, "import", liveDocumentsForCopy(liveScope), {
    source: run.source === "cli" ? "cli" : "web",
    details: { evaluationRun: run.id },
    createdById: run.createdById,
    runInline: options.inline === true,
    shouldEmbed: settings.mode !== "lexical",
  });
  await setRunState(run.id, { scratchJobId: jobId });
  return scratchScope({ ...run, scratchKnowledgeBaseId: scratch.id, scratchJobId: jobId }, liveScope, settings, options);
}

async function finish(runId: string, status: "succeeded" | "failed" | "cancelled", data: { metrics?: Record<string, number>; error?: string } = {}) {
  await dropScratchBase(runId).catch((error: unknown) => console.error(`evaluation: could not delete the scratch copy of run ${runId}: ${(error as Error).message}`));
  await setRunState(runId, { status, finishedAt: new Date(), ...data });
}
