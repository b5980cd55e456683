import "server-only";
import type { KnowledgeBaseScope } from "@/lib/auth/scope";
import { writableKnowledgeBase } from "@/lib/db/documents";
import type { Prisma } from "@/lib/db/generated/client";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { type FieldMapping, parseUpload, UploadError, type UploadErrorCode, type UploadFormat } from "./parse";
import { submitDocuments } from "./submit";
import type { InputDocument, RowError } from "./validate";

// An upload from the documents page: several files, each parsed on its own (a bad file or row never stops the others),
// ids checked across the files, and every valid document submitted as ONE background job.

const MEGABYTE = 1024 * 1024;
/** Rejections kept in the job's details, so the job page can still list them after the upload. */
const REJECTIONS_KEPT = 200;

export interface UploadFile {
  name: string;
  bytes: Uint8Array;
  type?: string;
  /** JSON, JSONL, CSV: which field holds the id, title, content and metadata. */
  mapping?: FieldMapping;
  /** Single-document files (Markdown, text, HTML, PDF, DOCX): the id the user chose; default: from the file name. */
  sourceId?: string;
}

/** Something of the upload that was not ingested: a whole file (with its `code`) or one row of it. */
export interface RejectedUpload {
  file: string;
  row?: number;
  line?: number;
  column?: number;
  sourceId?: string;
  code?: UploadErrorCode | "duplicate_across_files";
  /** The HTTP status a whole-file rejection maps to (413 too large, 415 unsupported, 422 otherwise). */
  status?: number;
  message: string;
}

export interface UploadResult {
  /** The job ingesting the accepted documents; null when nothing was accepted (no job is created). */
  jobId: string | null;
  accepted: number;
  rejected: RejectedUpload[];
  files: { name: string; format?: UploadFormat; accepted: number }[];
}

/** The limits of one upload, from ENCLAVE_UPLOAD_MAX_MB and ENCLAVE_UPLOAD_MAX_FILES. */
export function uploadLimits() {
  const { ENCLAVE_UPLOAD_MAX_MB: maxMegabytes, ENCLAVE_UPLOAD_MAX_FILES: maxFiles } = env();
  // A request holds at most maxFiles files of maxBytes each, plus the multipart framing and the manifest.
  return { maxMegabytes, maxBytes: maxMegabytes * MEGABYTE, maxFiles, maxRequestBytes: maxFiles * maxMegabytes * MEGABYTE + MEGABYTE };
}

/**
 * Parses the files of one upload and stages every valid document as one job. Whole-file and row problems come back in
 * `rejected` while the rest proceeds; an id found in two files is rejected in both. Needs a write scope.
 */
export async function ingestUpload(scope: KnowledgeBaseScope, files: readonly UploadFile[], options: { createdById: string | null }): Promise<UploadResult> {
  writableKnowledgeBase(scope);
  const { maxBytes, maxFiles } = uploadLimits();
  if (files.length === 0) throw new AppError("invalid_input", "Choose at least one file to upload.");
  if (files.length > maxFiles) {
    throw new AppError("payload_too_large", `You chose ${files.length} files; one upload takes at most ${maxFiles}. Upload them in batches of ${maxFiles} or fewer.`);
  }

  const parsed: { name: string; format?: UploadFormat; documents: InputDocument[] }[] = [];
  const rejected: RejectedUpload[] = [];
  for (const file of files) {
    try {
      const result = await parseUpload(file, { maxBytes, ...(file.mapping ? { mapping: file.mapping } : {}), ...(file.sourceId === undefined ? {} : { sourceId: file.sourceId }) });
      parsed.push({ name: file.name, format: result.format, documents: result.documents });
      rejected.push(...result.errors.map((error) => rowRejection(file.name, error)));
    } catch (error) {
      if (!(error instanceof UploadError)) throw error;
      parsed.push({ name: file.name, documents: [] });
      rejected.push({ file: file.name, code: error.code, status: error.status, message: error.message, ...position(error.details) });
    }
  }

  const conflicts = idsInSeveralFiles(parsed);
  for (const file of parsed) {
    const kept = file.documents.filter((document) => !conflicts.has(document.sourceId));
    for (const document of file.documents.filter((document) => conflicts.has(document.sourceId))) {
      const owners = conflicts.get(document.sourceId)!;
      rejected.push({
        file: file.name,
        sourceId: document.sourceId,
        code: "duplicate_across_files",
        message: `The id ${JSON.stringify(document.sourceId)} is in ${listNames(owners)}. Ids must be unique within one upload, so it was ingested from none of them: keep it in one file and upload again.`,
      });
    }
    file.documents = kept;
  }

  const documents = parsed.flatMap((file) => file.documents);
  const summary = parsed.map((file) => ({ name: file.name, ...(file.format ? { format: file.format } : {}), accepted: file.documents.length }));
  if (documents.length === 0) return { jobId: null, accepted: 0, rejected, files: summary };
  const details = { files: summary, rejectedCount: rejected.length, rejected: rejected.slice(0, REJECTIONS_KEPT).map(toJson) } satisfies Prisma.InputJsonObject;
  const jobId = await submitDocuments(scope, documents, { source: "upload", details, createdById: options.createdById });
  return { jobId, accepted: documents.length, rejected, files: summary };
}

function rowRejection(file: string, error: RowError): RejectedUpload {
  return {
    file,
    ...position(error),
    ...(error.row === undefined ? {} : { row: error.row }),
    ...(error.sourceId === undefined ? {} : { sourceId: error.sourceId }),
    message: error.message,
  };
}

function position(where: { line?: number; column?: number }) {
  return { ...(where.line === undefined ? {} : { line: where.line }), ...(where.column === undefined ? {} : { column: where.column }) };
}

/** Each id that more than one file holds, with the names of those files in upload order. */
function idsInSeveralFiles(files: readonly { name: string; documents: InputDocument[] }[]): Map<string, string[]> {
  const owners = new Map<string, string[]>();
  for (const file of files) {
    for (const document of file.documents) owners.set(document.sourceId, [...(owners.get(document.sourceId) ?? []), file.name]);
  }
  return new Map([...owners].filter(([, names]) => names.length > 1));
}

function listNames(names: readonly string[]): string {
  const quoted = names.map((name) => JSON.stringify(name));
  return quoted.length <= 2 ? `both ${quoted.join(" and ")}` : `${quoted.slice(0, -1).join(", ")} and ${quoted.at(-1)}`;
}

function toJson(rejection: RejectedUpload): Prisma.InputJsonObject {
  return Object.fromEntries(Object.entries(rejection).filter(([, value]) => value !== undefined)) as Prisma.InputJsonObject;
}
