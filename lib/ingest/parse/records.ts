import { type DocumentField, type InputDocument, type RowError, validateDocument } from "../validate";
import { baseName } from "./stable-source-id";
import type { FieldMapping } from "./types";
import { UploadError } from "./upload-error";

/** The record-shaped formats (JSON, JSONL, CSV) after parsing: one record of named values per row. */
export interface RawRecord {
  where: { row?: number; line?: number };
  values: Record<string, unknown>;
}

/** The actual field or column name in the file that holds each part of a document. */
export interface ResolvedFields {
  id: string;
  content: string;
  title?: string;
  metadata?: string;
}

const DEFAULTS = { id: "id", title: "title", content: "content", metadata: "metadata" } as const;

/** A record's candidate document, or why none can be built (e.g. a metadata cell that is not JSON). */
export type CandidateResult = { candidate: Record<string, unknown> } | { field: string; message: string; sourceId?: string };

/** Finds the mapped (or default) fields among those in the file; the id and content must exist, and anything mapped by name. */
export function resolveFields(available: string[], mapping: FieldMapping = {}, fileName: string, kind: "field" | "column"): ResolvedFields {
  const find = (part: keyof FieldMapping): string | undefined => findField(available, mapping[part] ?? DEFAULTS[part]);
  const required = (part: keyof FieldMapping): string => {
    const found = find(part);
    if (found !== undefined) return found;
    const wanted = mapping[part] ?? DEFAULTS[part];
    const listed = available.length > 0 ? available.map((name) => JSON.stringify(name)).join(", ") : "none";
    const where = kind === "field" ? "field in any record" : "column";
    throw new UploadError(
      "malformed",
      `${JSON.stringify(baseName(fileName))} has no ${JSON.stringify(wanted)} ${where}. ${kind === "field" ? "Fields" : "Columns"} found: ${listed}. ` +
        `Choose the ${kind} that holds the ${part === "id" ? "document id" : part} in the mapping, or rename it to ${JSON.stringify(DEFAULTS[part])}.`,
      { fields: available },
    );
  };
  // Title and metadata are optional, unless the mapping names them: then a typo must not pass unnoticed.
  const optional = (part: "title" | "metadata") => (mapping[part] === undefined ? find(part) : required(part));
  return { id: required("id"), content: required("content"), title: optional("title"), metadata: optional("metadata") };
}

/** Validates each record's candidate; invalid rows become RowErrors and the others documents. */
export function collectDocuments(
  records: Iterable<RawRecord>,
  fields: ResolvedFields,
  toCandidate: (values: Record<string, unknown>) => CandidateResult,
): { documents: InputDocument[]; errors: RowError[] } {
  const fieldNames: Partial<Record<DocumentField, string>> = { sourceId: fields.id, content: fields.content };
  if (fields.title !== undefined) fieldNames.title = fields.title;
  if (fields.metadata !== undefined) fieldNames.metadata = fields.metadata;
  const documents: InputDocument[] = [];
  const errors: RowError[] = [];
  for (const record of records) {
    const built = toCandidate(record.values);
    if (!("candidate" in built)) {
      errors.push({ ...record.where, ...built });
      continue;
    }
    const result = validateDocument(built.candidate, { ...record.where, fieldNames });
    if ("message" in result) errors.push(result);
    else documents.push(result);
  }
  return { documents, errors };
}

// Exact name first; otherwise a unique case-insensitive match, since "ID" and "Content" are common headers.
function findField(available: string[], wanted: string): string | undefined {
  if (available.includes(wanted)) return wanted;
  const matches = available.filter((name) => name.trim().toLowerCase() === wanted.trim().toLowerCase());
  return matches.length === 1 ? matches[0] : undefined;
}
