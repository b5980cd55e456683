import "server-only";
import { jobScope } from "@/lib/auth/system";
import { recordAuditEvent } from "@/lib/db/audit";
import type { Prisma } from "@/lib/db/generated/client";
import type { StagedItem } from "@/lib/db/ingestion-jobs";
import { AppError } from "@/lib/errors";
import type { RowError } from "../validate";
import { rowToDocument, type ColumnMapping } from "./row-document";
import { runStagedJob, type JobHooks, type JobReport } from "./run-staged-job";
import { openSqlSource, type RowFilter, type SqlSource } from "./sql-source";
import { parseSourceUrl, queryHash } from "./source-url";
import { storedSourceIds } from "./stored-source-ids";
import { resolveColumns, type RequestedColumns } from "./sync-columns";
import { loadWatermark, saveWatermark, syncStateKey } from "./sync-state";
import { laterWatermark, toWatermark, type Watermark } from "./watermark";

const MAX_ROW_ERRORS_KEPT = 100;

export interface SqlSyncRequest {
  sourceUrl: string;
  query: string;
  columns: RequestedColumns;
  /** Only rows whose updated column is later than this (one run). */
  updatedSince?: Date;
  /** Only rows later than the last incremental run's largest updated value; remember the new largest one. */
  isIncremental: boolean;
  /** Delete the documents whose ids the query no longer returns (full syncs only). */
  shouldDeleteMissing: boolean;
}

export interface SyncHooks extends JobHooks {
  onRowsRead?: (rows: number) => void;
  /** Aborts while the source is being read (nothing is ingested then). */
  signal?: AbortSignal;
}

export interface SyncReport extends JobReport {
  source: string;
  rowsRead: number;
  /** Rows refused before ingestion (validation, binary values, repeated ids); the first ones are in rowErrors. */
  invalidRows: number;
  rowErrors: RowError[];
  since?: Watermark;
}

/** Reads a SQL query's rows into a knowledge base as one ingestion job run in this process (the command-line sync). */
export async function syncFromSql(knowledgeBase: { id: string }, request: SqlSyncRequest, hooks: SyncHooks = {}): Promise<SyncReport> {
  const isFiltered = request.isIncremental || request.updatedSince !== undefined;
  if (request.shouldDeleteMissing && isFiltered) {
    throw new AppError("invalid_input", "Deleting missing documents needs a full sync: an incremental or updated-since run does not see unchanged rows, so it cannot tell which ids are gone.");
  }
  if (isFiltered && request.columns.updated === undefined) throw new AppError("invalid_input", "An incremental or updated-since sync needs the updated column.");
  const location = parseSourceUrl(request.sourceUrl);
  const scope = jobScope(knowledgeBase.id, `command-line sync from ${location.display}`);
  const stateKey = syncStateKey(knowledgeBase.id, location.display, request.query, request.columns.updated ?? "");
  const remembered = request.isIncremental ? await loadWatermark(knowledgeBase.id, stateKey) : undefined;
  const since = request.updatedSince ? ({ type: "date", value: request.updatedSince.toISOString() } as const) : remembered;
  const audit = (details: Prisma.InputJsonObject) =>
    recordAuditEvent({
      action: "knowledge_base.sync",
      actor: null,
      target: { type: "knowledge_base", id: knowledgeBase.id },
      details: { via: "cli", source: location.display, queryHash: queryHash(request.query), isIncremental: request.isIncremental, shouldDeleteMissing: request.shouldDeleteMissing, ...(since ? { since: since.value } : {}), ...details },
    });

  const source = await openSqlSource(location);
  const tally = { rowsRead: 0, invalidRows: 0, rowErrors: [] as RowError[], latest: undefined as Watermark | undefined };
  try {
    const { mapping, updated } = resolveColumns(await source.columns(request.query), request.columns);
    const filter: RowFilter | undefined = since && updated ? { column: updated, after: since } : undefined;
    const items = stageRows(source, request, { mapping, updated, filter, knowledgeBaseId: knowledgeBase.id, tally, hooks });
    const job = await runStagedJob(scope, { kind: "import", source: "sql", details: { via: "cli", source: location.display, queryHash: queryHash(request.query) } }, items, hooks);
    if (request.isIncremental && job.status === "succeeded") await saveWatermark(knowledgeBase.id, stateKey, laterWatermark(remembered, tally.latest));
    await audit({ jobId: job.jobId, status: job.status, counts: { ...job.counts }, rowsRead: tally.rowsRead, invalidRows: tally.invalidRows });
    return { ...job, source: location.display, rowsRead: tally.rowsRead, invalidRows: tally.invalidRows, rowErrors: tally.rowErrors, since };
  } catch (error) {
    await audit({ status: "failed", error: error instanceof Error ? error.message : String(error), rowsRead: tally.rowsRead });
    throw error;
  } finally {
    await source.close();
  }
}

interface StageContext {
  mapping: ColumnMapping;
  updated?: string;
  filter?: RowFilter;
  knowledgeBaseId: string;
  tally: { rowsRead: number; invalidRows: number; rowErrors: RowError[]; latest?: Watermark };
  hooks: SyncHooks;
}

// Only the ids seen are kept (to refuse repeated ids and to find the missing ones), never the rows.
async function* stageRows(source: SqlSource, request: SqlSyncRequest, context: StageContext): AsyncGenerator<StagedItem> {
  const { mapping, updated, tally, hooks } = context;
  const seen = new Set<string>();
  const refuse = (error: RowError) => {
    tally.invalidRows++;
    if (tally.rowErrors.length < MAX_ROW_ERRORS_KEPT) tally.rowErrors.push(error);
  };
  for await (const row of source.rows(request.query, context.filter)) {
    if (hooks.signal?.aborted) throw new Error("Interrupted while reading the source.");
    const rowNumber = ++tally.rowsRead;
    hooks.onRowsRead?.(rowNumber);
    if (updated !== undefined) tally.latest = laterWatermark(tally.latest, toWatermark(row[updated]));
    const { sourceId, result } = rowToDocument(row, mapping, rowNumber);
    if (sourceId !== undefined) {
      if (seen.has(sourceId)) {
        refuse({ row: rowNumber, sourceId, field: mapping.id, message: "This id already appeared in an earlier row; only the first row with it is ingested. Make the id column unique." });
        continue;
      }
      seen.add(sourceId);
    }
    if ("message" in result) {
      refuse(result);
      continue;
    }
    yield { action: "upsert", sourceId: result.sourceId, title: result.title, content: result.content, metadata: result.metadata as Prisma.InputJsonObject };
  }
  await source.close();
  if (!request.shouldDeleteMissing) return;
  if (tally.rowsRead === 0) {
    throw new AppError("invalid_input", "The query returned no rows, so deleting missing documents would empty the knowledge base. Nothing was changed; check the query, or delete documents by id.");
  }
  for await (const sourceId of storedSourceIds(context.knowledgeBaseId)) {
    if (!seen.has(sourceId)) yield { action: "delete", sourceId };
  }
}
