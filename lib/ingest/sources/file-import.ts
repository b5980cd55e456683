import "server-only";
import { readFile, stat } from "node:fs/promises";
import path from "node:path";
import { jobScope } from "@/lib/auth/system";
import { recordAuditEvent } from "@/lib/db/audit";
import type { Prisma } from "@/lib/db/generated/client";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { parseUpload, type FieldMapping } from "../parse";
import type { RowError } from "../validate";
import { runStagedJob, type JobHooks, type JobReport } from "./run-staged-job";

export interface FileImportRequest {
  path: string;
  mapping?: FieldMapping;
  /** The id of a single-document file (Markdown, text, HTML, PDF, DOCX). */
  sourceId?: string;
}

export interface ImportReport extends JobReport {
  file: string;
  format: string;
  invalidRows: number;
  rowErrors: RowError[];
}

/** Parses a file exactly as an upload is parsed and ingests it as one job run in this process. */
export async function importFile(knowledgeBase: { id: string }, request: FileImportRequest, hooks: JobHooks = {}): Promise<ImportReport> {
  const name = path.basename(request.path);
  const maxBytes = env().ENCLAVE_UPLOAD_MAX_MB * 1024 * 1024;
  const size = await stat(request.path).then(
    (info) => info.size,
    (error: NodeJS.ErrnoException) => {
      throw new AppError("invalid_input", `Cannot read ${JSON.stringify(request.path)}: ${error.code === "ENOENT" ? "no such file" : error.message}.`);
    },
  );
  // Checked before reading: the parser holds the whole file in memory.
  if (size > maxBytes) {
    throw new AppError("invalid_input", `${JSON.stringify(name)} is larger than the upload limit of ${env().ENCLAVE_UPLOAD_MAX_MB} MB (ENCLAVE_UPLOAD_MAX_MB). Split it, or sync it from a database.`);
  }
  const parsed = await parseUpload({ name, bytes: new Uint8Array(await readFile(request.path)) }, { mapping: request.mapping, sourceId: request.sourceId, maxBytes });
  const scope = jobScope(knowledgeBase.id, `command-line import of ${name}`);
  const items = parsed.documents.map((document) => ({
    action: "upsert" as const,
    sourceId: document.sourceId,
    title: document.title,
    content: document.content,
    metadata: document.metadata as Prisma.InputJsonObject,
  }));
  const job = await runStagedJob(scope, { kind: "import", source: "cli", details: { via: "cli", source: name, format: parsed.format } }, items, hooks);
  await recordAuditEvent({
    action: "knowledge_base.import",
    actor: null,
    target: { type: "knowledge_base", id: knowledgeBase.id },
    details: { via: "cli", source: name, format: parsed.format, jobId: job.jobId, status: job.status, counts: { ...job.counts }, invalidRows: parsed.errors.length },
  });
  return { ...job, file: name, format: parsed.format, invalidRows: parsed.errors.length, rowErrors: parsed.errors.slice(0, 100) };
}
