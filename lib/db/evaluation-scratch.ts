import "server-only";
import type { KnowledgeBaseScope } from "@/lib/auth/scope";
import { db } from "./client";
import { writableKnowledgeBase } from "./documents";
import type { Prisma } from "./generated/client";
import type { StagedItem } from "./ingestion-jobs";

// Scratch copies for chunk-size what-ifs: a hidden knowledge base (team "Evaluation", no members, so only admins can
// see it in the admin list) holding the live base's documents chunked the variant's way. The live base is only read.

const SCRATCH_TEAM = "Evaluation";
const COPY_BATCH = 200;

/** Creates the scratch knowledge base of a run, with the live base's models and the run's chunking, and links it. */
export async function createScratchBase(
  liveScope: KnowledgeBaseScope,
  runId: string,
  chunking: { chunkSize: number; chunkOverlap: number },
): Promise<{ id: string; slug: string }> {
  const liveId = writableKnowledgeBase(liveScope);
  const live = await db().knowledgeBase.findUniqueOrThrow({ where: { id: liveId } });
  const team = await db().team.upsert({ where: { name: SCRATCH_TEAM }, create: { name: SCRATCH_TEAM }, update: {} });
  return db().$transaction(async (tx) => {
    const scratch = await tx.knowledgeBase.create({
      data: {
        slug: `eval-run-${runId}`,
        name: `Scratch copy of ${live.name} for evaluation run ${runId.slice(0, 8)} (deleted when the run ends)`,
        teamId: team.id,
        chatBaseUrl: live.chatBaseUrl,
        chatModel: live.chatModel,
        embeddingBaseUrl: live.embeddingBaseUrl,
        embeddingModel: live.embeddingModel,
        embeddingDimension: live.embeddingDimension,
        topK: live.topK,
        relevanceFloor: live.relevanceFloor,
        contextWindow: live.contextWindow,
        chunkSize: chunking.chunkSize,
        chunkOverlap: chunking.chunkOverlap,
      },
      select: { id: true, slug: true },
    });
    await tx.evaluationRun.update({ where: { id: runId }, data: { scratchKnowledgeBaseId: scratch.id } });
    return scratch;
  });
}

/** The live base's documents as ingestion items, read a batch at a time (contents can be large). */
export async function* liveDocumentsForCopy(liveScope: KnowledgeBaseScope): AsyncIterable<StagedItem> {
  const knowledgeBaseId = writableKnowledgeBase(liveScope);
  let cursor: string | undefined;
  for (;;) {
    const rows = await db().document.findMany({
      where: { knowledgeBaseId },
      orderBy: { id: "asc" },
      take: COPY_BATCH,
      ...(cursor ? { skip: 1, cursor: { id: cursor } } : {}),
      select: { id: true, sourceId: true, title: true, content: true, metadata: true },
    });
    for (const row of rows) {
      yield { action: "upsert", sourceId: row.sourceId, title: row.title, content: row.content, metadata: (row.metadata ?? {}) as Prisma.InputJsonObject };
    }
    if (rows.length < COPY_BATCH) return;
    cursor = rows.at(-1)!.id;
  }
}

/** Deletes a run's scratch copy (documents, chunks and vectors with it); the run keeps its results. */
export async function dropScratchBase(runId: string): Promise<void> {
  const run = await db().evaluationRun.findUnique({ where: { id: runId }, select: { scratchKnowledgeBaseId: true } });
  if (!run?.scratchKnowledgeBaseId) return;
  await db().knowledgeBase.deleteMany({ where: { id: run.scratchKnowledgeBaseId, slug: { startsWith: "eval-run-" } } });
}

/** Documents and passages of a knowledge base (a scratch copy or its live base), for the run's notes. */
export async function corpusSize(knowledgeBaseId: string): Promise<{ documents: number; chunks: number }> {
  const [documents, chunks] = await Promise.all([db().document.count({ where: { knowledgeBaseId } }), db().chunk.count({ where: { knowledgeBaseId } })]);
  return { documents, chunks };
}

/** The state of the ingestion job filling a scratch copy. */
export async function scratchJobState(jobId: string) {
  return db().ingestionJob.findUnique({ where: { id: jobId }, select: { status: true, error: true, processed: true, total: true, counts: true } });
}
