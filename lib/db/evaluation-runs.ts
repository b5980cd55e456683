import "server-only";
import type { KnowledgeBaseScope } from "@/lib/auth/scope";
import { AppError, notFound } from "@/lib/errors";
import type { Expected } from "@/lib/eval/questions";
import type { QuestionMetrics, RunMetrics } from "@/lib/eval/summary";
import type { RunSettings, Variant } from "@/lib/eval/variant";
import { db } from "./client";
import { writableKnowledgeBase } from "./documents";
import type { JobStatus, Prisma } from "./generated/client";
import { isUuid } from "./ids";

// Evaluation runs and their per-question results. A run's questions are copied into result rows when it is created
// (later edits of the set do not change what it measured) and each row is scored once, so a worker that dies resumes.

export interface RetrievedDocument {
  sourceId: string;
  title: string;
  /** The best passage's 0..1 relevance (what the floor compares). */
  relevance: number;
  /** Nothing cleared the floor: one of the nearest documents, shown to explain the refusal, not scored. */
  isBelowFloor?: boolean;
}

export interface ResultCitation {
  number: number;
  sourceId: string;
  title: string;
  isExpected: boolean;
}

export interface RunResult {
  id: bigint;
  questionId: string | null;
  ordinal: number;
  question: string;
  expected: Expected;
  keyPhrases: string[];
  expectedAnswer: string | null;
  isUnanswerable: boolean;
  retrieved: RetrievedDocument[];
  answer: string | null;
  citations: ResultCitation[];
  metrics: QuestionMetrics;
  notice: string | null;
  processedAt: Date | null;
}

export interface NewRun {
  settings: RunSettings & Record<string, unknown>;
  variant: Variant;
  withAnswers: boolean;
  source: "web" | "cli";
  createdById: string | null;
}

/** Creates a queued run of a set with its questions staged in order; refuses a set without questions. */
export async function createRun(scope: KnowledgeBaseScope, setId: string, run: NewRun) {
  const knowledgeBaseId = writableKnowledgeBase(scope);
  return db().$transaction(async (tx) => {
    const set = await tx.evaluationSet.findFirst({ where: { id: setId, knowledgeBaseId }, select: { id: true, name: true } });
    if (!set) throw notFound("Evaluation set");
    const created = await tx.evaluationRun.create({
      data: { setId, knowledgeBaseId, createdById: run.createdById, source: run.source, settings: run.settings as Prisma.InputJsonObject, variant: run.variant, withAnswers: run.withAnswers },
    });
    const staged = await tx.$executeRaw`
      INSERT INTO evaluation_results (run_id, question_id, ordinal, question, expected, key_phrases, expected_answer, is_unanswerable)
      SELECT ${created.id}::uuid, q.id, (row_number() OVER (ORDER BY q.created_at, q.id))::int, q.question, q.expected, q.key_phrases, q.expected_answer, q.is_unanswerable
      FROM evaluation_questions q WHERE q.set_id = ${setId}::uuid`;
    if (staged === 0) throw new AppError("invalid_input", `The set “${set.name}” has no questions yet. Add or import questions, then run it.`);
    return tx.evaluationRun.update({ where: { id: created.id }, data: { total: staged } });
  });
}

/** One run of the scope's knowledge base (with its set's name), or a 404. */
export async function getRun(scope: KnowledgeBaseScope, runId: string) {
  const knowledgeBaseId = writableKnowledgeBase(scope);
  if (!isUuid(runId)) throw notFound("Run");
  const run = await db().evaluationRun.findFirst({ where: { id: runId, knowledgeBaseId }, include: { set: { select: { id: true, name: true } } } });
  if (!run) throw notFound("Run");
  return run;
}

/** The runs of a set, newest first. */
export async function listRuns(scope: KnowledgeBaseScope, setId: string, limit = 50) {
  const knowledgeBaseId = writableKnowledgeBase(scope);
  return db().evaluationRun.findMany({ where: { setId, knowledgeBaseId }, orderBy: { createdAt: "desc" }, take: limit });
}

/** Finished runs of a set, oldest first: the metric history. */
export async function metricHistory(scope: KnowledgeBaseScope, setId: string, limit = 50) {
  const knowledgeBaseId = writableKnowledgeBase(scope);
  const rows = await db().evaluationRun.findMany({
    where: { setId, knowledgeBaseId, status: "succeeded" },
    orderBy: { createdAt: "desc" },
    take: limit,
    select: { id: true, createdAt: true, metrics: true, variant: true },
  });
  return rows.reverse().map((row) => ({ ...row, metrics: row.metrics as unknown as RunMetrics, variant: row.variant as Variant }));
}

/** Every result row of a run, in the set's order. */
export async function getResults(scope: KnowledgeBaseScope, runId: string): Promise<RunResult[]> {
  const run = await getRun(scope, runId);
  const rows = await db().evaluationResult.findMany({ where: { runId: run.id }, orderBy: { ordinal: "asc" } });
  return rows.map(toResult);
}

/** Stops a queued or running run after the question it is on; questions already scored stay. */
export async function requestCancel(scope: KnowledgeBaseScope, runId: string): Promise<JobStatus> {
  const run = await getRun(scope, runId);
  if (run.status === "queued") await setRunState(run.id, { status: "cancelled", cancelRequested: true, finishedAt: new Date() });
  else if (run.status === "running") await setRunState(run.id, { cancelRequested: true });
  else throw new AppError("conflict", `This run has already ${run.status}; there is nothing to stop.`);
  return run.status;
}

// The worker's side: it acts for the run's creator, who was authorized when the run was created (as ingestion jobs).

/** A run with its knowledge base, for the worker (callers are the queue and the CLI, which created it). */
export async function loadRunForWork(runId: string) {
  return db().evaluationRun.findUnique({ where: { id: runId }, include: { set: { select: { name: true } } } });
}

/** The next questions of a run still to score, in order. */
export async function nextPendingResults(runId: string, limit: number, afterOrdinal = 0): Promise<RunResult[]> {
  const rows = await db().evaluationResult.findMany({
    where: { runId, processedAt: null, ordinal: { gt: afterOrdinal } },
    orderBy: { ordinal: "asc" },
    take: limit,
  });
  return rows.map(toResult);
}

/** Records one question's outcome and counts it, unless another worker already did (each question counts once). */
export async function saveResult(
  runId: string,
  resultId: bigint,
  outcome: { retrieved: RetrievedDocument[]; answer: string | null; citations: ResultCitation[]; metrics: QuestionMetrics; notice: string | null },
): Promise<void> {
  await db().$transaction(async (tx) => {
    const { count } = await tx.evaluationResult.updateMany({
      where: { id: resultId, runId, processedAt: null },
      data: {
        retrieved: outcome.retrieved as unknown as Prisma.InputJsonArray,
        answer: outcome.answer,
        citations: outcome.citations as unknown as Prisma.InputJsonArray,
        metrics: outcome.metrics as unknown as Prisma.InputJsonObject,
        notice: outcome.notice,
        processedAt: new Date(),
      },
    });
    if (count === 1) await tx.$executeRaw`UPDATE evaluation_runs SET processed = processed + 1, updated_at = now() WHERE id = ${runId}::uuid`;
  });
}

/** Every scored row of a run, for its means. */
export async function scoredResults(runId: string): Promise<RunResult[]> {
  const rows = await db().evaluationResult.findMany({ where: { runId, processedAt: { not: null } }, orderBy: { ordinal: "asc" } });
  return rows.map(toResult);
}

export async function setRunState(runId: string, data: Prisma.EvaluationRunUpdateInput): Promise<void> {
  await db().evaluationRun.update({ where: { id: runId }, data });
}

/** Adds a line to a run's notes (once). */
export async function addRunNote(runId: string, note: string): Promise<void> {
  await db().$executeRaw`
    UPDATE evaluation_runs SET notes = notes || to_jsonb(${note}::text), updated_at = now()
    WHERE id = ${runId}::uuid AND NOT notes @> to_jsonb(ARRAY[${note}::text])`;
}

export async function isRunCancelRequested(runId: string): Promise<boolean> {
  const run = await db().evaluationRun.findUnique({ where: { id: runId }, select: { cancelRequested: true } });
  return run?.cancelRequested ?? true;
}

function toResult(row: Prisma.EvaluationResultGetPayload<object>): RunResult {
  return {
    id: row.id,
    questionId: row.questionId,
    ordinal: row.ordinal,
    question: row.question,
    expected: (row.expected ?? {}) as Expected,
    keyPhrases: row.keyPhrases,
    expectedAnswer: row.expectedAnswer,
    isUnanswerable: row.isUnanswerable,
    retrieved: (row.retrieved ?? []) as unknown as RetrievedDocument[],
    answer: row.answer,
    citations: (row.citations ?? []) as unknown as ResultCitation[],
    metrics: (row.metrics ?? { refused: false }) as unknown as QuestionMetrics,
    notice: row.notice,
    processedAt: row.processedAt,
  };
}
