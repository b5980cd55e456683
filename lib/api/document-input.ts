import "server-only";
import type { z } from "zod";
import { AppError } from "@/lib/errors";
import { describeValue, findDuplicateIds, formatIdList, validateDocument, type InputDocument, type RowError } from "@/lib/ingest/validate";
import { batchBodySchema, batchDocumentSchema, documentBodySchema, MAX_BATCH_DELETIONS, MAX_BATCH_DOCUMENTS } from "./documents-schema";
import { ApiProblem, type BatchProblem } from "./problem";

// Request bodies into documents. Every candidate passes validateDocument (the rules and messages every entry point
// shares) and then its schema, which adds what only the API has: unknown fields are refused, so a typo such as
// "contnet" is reported instead of silently dropped.

export interface Batch {
  documents: InputDocument[];
  deletions: string[];
}

/** The document of a PUT, its id taken from the path; 422 naming the field when it is not acceptable. */
export function parseDocumentBody(sourceId: string, body: unknown): InputDocument {
  if (!isObject(body)) {
    throw new ApiProblem("invalid_document", `The body must be a JSON object such as {"title": "…", "content": "…"}, not ${describeValue(body)}.`);
  }
  const checked = checkCandidate({ ...body, sourceId }, body, documentBodySchema, "sourceId");
  if ("message" in checked) {
    throw new ApiProblem("invalid_document", checked.message, checked.field === undefined ? {} : { field: checked.field });
  }
  return checked;
}

/**
 * The documents and deletions of a batch. Nothing is partly accepted: any bad row is a 422 listing every bad row,
 * a repeated id a 422 listing the ids, and more rows than a batch may hold a 413.
 */
export function parseBatch(body: unknown): Batch {
  if (!isObject(body)) throw invalid([{ pointer: "", message: `The body must be a JSON object {"documents": […], "delete": […]}, not ${describeValue(body)}.` }]);
  requireWithinLimit(body.documents, MAX_BATCH_DOCUMENTS, "documents");
  requireWithinLimit(body.delete, MAX_BATCH_DELETIONS, "ids to delete");

  const envelope = batchBodySchema.safeParse(body);
  // Rows and ids to delete are checked one by one below, with more precise messages.
  const problems: BatchProblem[] = envelope.success ? [] : envelope.error.issues.filter((issue) => issue.path.length <= 1).map((issue) => envelopeProblem(issue, body));
  const rows = Array.isArray(body.documents) ? body.documents : [];
  const documents: InputDocument[] = [];
  rows.forEach((row: unknown, index) => {
    const candidate = isObject(row) ? { ...row, sourceId: row.id } : row;
    const checked = checkCandidate(candidate, row, batchDocumentSchema, "id");
    if (!("message" in checked)) documents.push(checked);
    else problems.push({ pointer: pointer("documents", index, ...(checked.field ? [checked.field] : [])), index, ...rowId(row, checked), ...(checked.field ? { field: checked.field } : {}), message: checked.message });
  });
  const deletions = Array.isArray(body.delete) ? deletionIds(body.delete, problems) : [];
  if (problems.length > 0) throw invalid(problems);
  if (documents.length === 0 && deletions.length === 0) throw invalid([{ pointer: "", message: 'The batch is empty: send documents in "documents", ids to delete in "delete", or both.' }]);
  requireUniqueIds(documents, deletions);
  return { documents, deletions: [...new Set(deletions)] };
}

function checkCandidate(candidate: unknown, raw: unknown, schema: z.ZodType, idField: string): InputDocument | RowError {
  const validated = validateDocument(candidate, { fieldNames: { sourceId: idField } });
  if ("message" in validated) return validated;
  const parsed = schema.safeParse(raw);
  if (parsed.success) return validated;
  const issue = parsed.error.issues[0]!;
  if (issue.code === "unrecognized_keys") {
    const key = issue.keys[0]!;
    const known = Object.keys((schema as z.ZodObject).shape).map((name) => JSON.stringify(name));
    const hint = key === "id" && idField === "sourceId" ? "The document's id is the last segment of the URL." : `A document has ${known.join(", ")}.`;
    return { sourceId: validated.sourceId, field: key, message: `Unknown field ${JSON.stringify(key)}. ${hint}` };
  }
  const field = String(issue.path[0] ?? "");
  return { sourceId: validated.sourceId, field, message: `${JSON.stringify(field)}: ${issue.message}` };
}

function deletionIds(values: unknown[], problems: BatchProblem[]): string[] {
  const ids: string[] = [];
  values.forEach((value, index) => {
    const id = typeof value === "string" || (typeof value === "number" && Number.isSafeInteger(value)) ? String(value).trim() : "";
    if (id !== "") ids.push(id);
    else problems.push({ pointer: pointer("delete", index), index, field: "delete", message: `An id to delete must be non-blank text or a whole number, not ${describeValue(value)}.` });
  });
  return ids;
}

function requireUniqueIds(documents: InputDocument[], deletions: string[]) {
  const duplicates = findDuplicateIds(documents);
  if (duplicates.length > 0) {
    throw new ApiProblem("duplicate_ids", `The same id appears more than once in "documents": ${formatIdList(duplicates)}. Nothing was ingested.`, { duplicates });
  }
  const deleted = new Set(deletions);
  const both = documents.map((document) => document.sourceId).filter((id) => deleted.has(id));
  if (both.length > 0) {
    throw new ApiProblem("duplicate_ids", `These ids are both in "documents" and in "delete": ${formatIdList(both)}. Send each id once. Nothing was ingested.`, { duplicates: both });
  }
}

function requireWithinLimit(value: unknown, limit: number, what: string) {
  if (Array.isArray(value) && value.length > limit) {
    throw new AppError("payload_too_large", `A batch holds at most ${limit.toLocaleString("en")} ${what}; this one has ${value.length.toLocaleString("en")}. Split it into several requests.`);
  }
}

function invalid(problems: BatchProblem[]): ApiProblem {
  const first = problems[0]!;
  const where = first.index === undefined ? "" : `${first.field === "delete" ? "delete" : "documents"}[${first.index}]${first.id === undefined ? "" : ` (id ${JSON.stringify(first.id)})`}: `;
  const summary = problems.length === 1 ? "The batch has a problem" : `The batch has ${problems.length} problems`;
  return new ApiProblem("invalid_documents", `${summary}; nothing was ingested. ${where}${first.message}`, { errors: problems });
}

function envelopeProblem(issue: z.core.$ZodIssue, body: Record<string, unknown>): BatchProblem {
  const at = pointer(...issue.path.map(String));
  if (issue.code === "unrecognized_keys") {
    return { pointer: at, message: `Unknown field ${issue.keys.map((key) => JSON.stringify(key)).join(", ")}. A batch has "documents" and "delete".` };
  }
  const field = String(issue.path[0] ?? "");
  const message = issue.code === "invalid_type" ? `must be an array, not ${describeValue(body[field])}` : issue.message;
  return { pointer: at, field, message: `${JSON.stringify(field)} ${message}.` };
}

/** A JSON Pointer (RFC 6901) to a place in the body. */
function pointer(...parts: (string | number)[]): string {
  return parts.map((part) => `/${String(part).replaceAll("~", "~0").replaceAll("/", "~1")}`).join("");
}

function rowId(row: unknown, checked: RowError): { id?: string } {
  if (checked.sourceId !== undefined) return { id: checked.sourceId };
  const id = isObject(row) ? row.id : undefined;
  return typeof id === "string" || typeof id === "number" ? { id: String(id) } : {};
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
