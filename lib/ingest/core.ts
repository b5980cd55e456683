import "server-only";
import { createHash } from "node:crypto";
import type { KnowledgeBaseScope } from "@/lib/auth/scope";
import { db } from "@/lib/db/client";
import { deleteDocumentsBySourceIds, getDocumentHashes, upsertDocuments, writableKnowledgeBase, type DocumentWrite } from "@/lib/db/documents";
import type { IngestionOutcome, Prisma } from "@/lib/db/generated/client";
import { recordItemOutcomes, type ItemOutcome } from "@/lib/db/ingestion-jobs";
import { insertChunks, type ChunkRow } from "@/lib/db/vectors";
import { chunkDocument, effectiveChunkTokens, HEADING_CONTEXT_TOKENS } from "@/lib/rag/chunk";
import { embedTexts, EmbeddingUnavailableError, type EmbeddingSettings } from "@/lib/rag/embed";
import { embeddingPrefixes, tokenCounterFor, type TokenCounter } from "@/lib/rag/tokenizers";
import type { InputDocument } from "./validate";

// The one ingestion path every entry point uses: hash -> skip if unchanged -> chunk -> embed -> replace the document
// and its chunks in one transaction, together with the job item's outcome, so each item takes effect exactly once.

export interface IngestSettings extends EmbeddingSettings {
  chunkSize: number;
  chunkOverlap: number;
}

export type IngestItem =
  | { itemId: bigint; action: "upsert"; document: InputDocument }
  | { itemId: bigint; action: "delete"; sourceId: string };

export interface IngestOptions {
  /** false once the endpoint proved unavailable in this run: store text only, the backfill embeds later. */
  shouldEmbed: boolean;
  signal?: AbortSignal;
}

export interface IngestResult {
  outcomes: ItemOutcome[];
  /** Why the batch was stored without vectors, when it was. */
  embeddingUnavailable?: string;
}

interface PreparedUpsert {
  item: IngestItem & { action: "upsert" };
  write: DocumentWrite;
  chunks: { row: Omit<ChunkRow, "documentId" | "knowledgeBaseId">; embeddingInput: string }[];
}

/** The hash that decides "unchanged": title, content and metadata, nothing else. */
export function contentHash(document: InputDocument): string {
  return createHash("sha256").update(JSON.stringify([document.title, document.content, canonical(document.metadata)])).digest("hex");
}

/** Ingests one batch of a job's items into the scope's knowledge base. */
export async function ingestItems(
  scope: KnowledgeBaseScope,
  jobId: string,
  settings: IngestSettings,
  items: readonly IngestItem[],
  options: IngestOptions,
): Promise<IngestResult> {
  const knowledgeBaseId = writableKnowledgeBase(scope);
  const outcomes: ItemOutcome[] = [];
  const upserts = items.filter((item): item is IngestItem & { action: "upsert" } => item.action === "upsert");
  const stored = await getDocumentHashes(scope, upserts.map((item) => item.document.sourceId));

  const prepared: PreparedUpsert[] = [];
  for (const item of upserts) {
    const hash = contentHash(item.document);
    if (stored.get(item.document.sourceId) === hash) {
      outcomes.push({ itemId: item.itemId, outcome: "unchanged" });
      continue;
    }
    try {
      prepared.push(prepare(item, hash, settings));
    } catch (error) {
      outcomes.push({ itemId: item.itemId, outcome: "failed", reason: `Could not split the document into passages: ${(error as Error).message}` });
    }
  }

  let embeddingUnavailable: string | undefined;
  if (options.shouldEmbed && prepared.length > 0) {
    embeddingUnavailable = await embedPrepared(prepared, settings, options.signal);
  } else if (!options.shouldEmbed) {
    embeddingUnavailable = "embedding skipped: the endpoint was unavailable earlier in this job";
  }

  const deletes = items.filter((item): item is IngestItem & { action: "delete" } => item.action === "delete");
  try {
    outcomes.push(...(await apply(jobId, knowledgeBaseId, scope, settings, prepared, deletes, outcomes)));
  } catch (error) {
    if (prepared.length + deletes.length <= 1) throw error;
    // One bad document must not sink the batch: apply each on its own and report the one that fails.
    outcomes.push(...(await applyOneByOne(jobId, knowledgeBaseId, scope, settings, prepared, deletes, outcomes)));
  }
  return { outcomes, embeddingUnavailable };
}

function prepare(item: IngestItem & { action: "upsert" }, hash: string, settings: IngestSettings): PreparedUpsert {
  const { document } = item;
  const { maxTokens, overlapTokens } = effectiveChunkTokens(settings);
  const counter = tokenCounterFor(settings.embeddingModel);
  const chunks = chunkDocument(document.content, { maxTokens, overlapTokens, counter });
  return {
    item,
    write: { sourceId: document.sourceId, title: document.title, content: document.content, metadata: document.metadata as Prisma.InputJsonObject, contentHash: hash, isEmbedded: false },
    chunks: chunks.map((chunk) => {
      const context = chunkContext(document.title, chunk.headingPath, counter);
      return {
        row: { ordinal: chunk.ordinal, text: chunk.text, startOffset: chunk.startOffset, endOffset: chunk.endOffset, tokenCount: chunk.tokenCount, context, embedding: null },
        embeddingInput: embeddingInput(settings.embeddingModel, context, chunk.text),
      };
    }),
  };
}

/**
 * "Title › Heading › Subheading": where a chunk sits in its document, cut to the token budget the chunker reserved
 * for it so chunk and context together stay within the embedding model's input limit.
 */
export function chunkContext(title: string, headingPath: readonly string[], counter: TokenCounter): string {
  let context = [title, ...headingPath].filter(Boolean).join(" › ").slice(0, 400);
  while (context && counter.count(context) > HEADING_CONTEXT_TOKENS) context = context.slice(0, Math.floor(context.length * 0.8)).trimEnd();
  return context;
}

/** What the embedder sees for a chunk: the model's document prefix, the chunk's context, then its text. */
export function embeddingInput(model: string, context: string, text: string): string {
  return `${embeddingPrefixes(model).document}${context ? `${context}\n\n` : ""}${text}`;
}

async function embedPrepared(prepared: PreparedUpsert[], settings: IngestSettings, signal?: AbortSignal): Promise<string | undefined> {
  const chunks = prepared.flatMap((entry) => entry.chunks);
  try {
    const vectors = await embedTexts(settings, chunks.map((chunk) => chunk.embeddingInput), { signal });
    chunks.forEach((chunk, index) => (chunk.row.embedding = vectors[index]!));
    for (const entry of prepared) entry.write.isEmbedded = true;
    return undefined;
  } catch (error) {
    if (error instanceof EmbeddingUnavailableError) return error.message;
    throw error;
  }
}

async function apply(
  jobId: string,
  knowledgeBaseId: string,
  scope: KnowledgeBaseScope,
  { embeddingModel: model, embeddingDimension: dimension }: IngestSettings,
  prepared: PreparedUpsert[],
  deletes: (IngestItem & { action: "delete" })[],
  decided: ItemOutcome[],
): Promise<ItemOutcome[]> {
  return db().$transaction(
    async (tx) => {
      // Only items no other run has finished meanwhile (a retried slice racing a slow one) take effect.
      const itemIds = [...prepared.map((entry) => entry.item.itemId), ...deletes.map((item) => item.itemId), ...decided.map((o) => o.itemId)];
      const open = new Set(
        (await tx.$queryRaw<{ id: bigint }[]>`SELECT id FROM ingestion_job_items WHERE id = ANY(${itemIds}::bigint[]) AND outcome IS NULL FOR UPDATE`).map((row) => row.id),
      );
      const live = prepared.filter((entry) => open.has(entry.item.itemId));
      // Shares the lock the embedding switch-over takes: if the knowledge base moved to another embedding model while
      // this batch was being embedded, its vectors belong to the old model and are dropped (the backfill redoes them).
      const [kb] = await tx.$queryRaw<{ embedding_model: string; embedding_dimension: number }[]>`
        SELECT embedding_model, embedding_dimension FROM knowledge_bases WHERE id = ${knowledgeBaseId}::uuid FOR SHARE`;
      if (!kb || kb.embedding_model !== model || kb.embedding_dimension !== dimension) {
        for (const entry of live) {
          entry.write.isEmbedded = false;
          for (const chunk of entry.chunks) chunk.row.embedding = null;
        }
      }
      const written = await upsertDocuments(tx, knowledgeBaseId, live.map((entry) => entry.write));
      const bySourceId = new Map(written.map((document) => [document.sourceId, document]));
      const rows: ChunkRow[] = [];
      const outcomes: ItemOutcome[] = [];
      for (const entry of live) {
        const document = bySourceId.get(entry.write.sourceId);
        if (!document) {
          outcomes.push({ itemId: entry.item.itemId, outcome: "unchanged" });
          continue;
        }
        for (const chunk of entry.chunks) rows.push({ ...chunk.row, documentId: document.id, knowledgeBaseId });
        outcomes.push({ itemId: entry.item.itemId, outcome: document.isNew ? "added" : "replaced" });
      }
      await insertChunks(tx, dimension, rows);
      const liveDeletes = deletes.filter((item) => open.has(item.itemId));
      if (liveDeletes.length > 0) {
        const gone = new Set(await deleteDocumentsBySourceIds(scope, liveDeletes.map((item) => item.sourceId), tx));
        for (const item of liveDeletes) {
          outcomes.push(gone.has(item.sourceId) ? { itemId: item.itemId, outcome: "deleted" } : { itemId: item.itemId, outcome: "failed", reason: "No document has this id." });
        }
      }
      const all = [...outcomes, ...decided.filter((outcome) => open.has(outcome.itemId))];
      await recordItemOutcomes(tx, jobId, all);
      return outcomes;
    },
    { timeout: 120_000, maxWait: 30_000 },
  );
}

async function applyOneByOne(
  jobId: string,
  knowledgeBaseId: string,
  scope: KnowledgeBaseScope,
  settings: IngestSettings,
  prepared: PreparedUpsert[],
  deletes: (IngestItem & { action: "delete" })[],
  decided: ItemOutcome[],
): Promise<ItemOutcome[]> {
  const outcomes: ItemOutcome[] = [];
  const failed: ItemOutcome[] = [];
  for (const entry of prepared) {
    try {
      outcomes.push(...(await apply(jobId, knowledgeBaseId, scope, settings, [entry], [], [])));
    } catch (error) {
      failed.push({ itemId: entry.item.itemId, outcome: "failed", reason: `Could not store the document: ${(error as Error).message.split("\n")[0]}` });
    }
  }
  for (const item of deletes) outcomes.push(...(await apply(jobId, knowledgeBaseId, scope, settings, [], [item], [])));
  await db().$transaction((tx) => recordItemOutcomes(tx, jobId, [...failed, ...decided]));
  return [...outcomes, ...failed];
}

export type { IngestionOutcome };

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.keys(value as object).sort().map((key) => [key, canonical((value as Record<string, unknown>)[key])]));
  }
  return value;
}
