import { validateDocument, type InputDocument, type RowError } from "../validate";

// Turns one row of a SQL source into a document. Database values are made JSON-safe first (dates as ISO text,
// 64-bit integers as text); binary values are refused for the row rather than guessed at.

export interface ColumnMapping {
  id: string;
  /** No title column: the id is the title. */
  title?: string;
  content: string;
  metadata: readonly string[];
}

export interface RowResult {
  /** The row's id as it will be stored, when it could be read (also for invalid rows, so they are not deleted). */
  sourceId?: string;
  result: InputDocument | RowError;
}

/** Converts and validates row number `row` (1-based). */
export function rowToDocument(values: Record<string, unknown>, mapping: ColumnMapping, row: number): RowResult {
  const sourceId = readableId(values[mapping.id]);
  const binary = [mapping.id, mapping.title, mapping.content, ...mapping.metadata].find((column) => column !== undefined && isBinary(values[column]));
  if (binary !== undefined) {
    const bytes = (values[binary] as Uint8Array).length;
    return {
      sourceId,
      result: {
        row,
        ...(sourceId === undefined ? {} : { sourceId }),
        field: binary,
        message: `Column ${JSON.stringify(binary)} holds binary data (${bytes} bytes), which cannot be ingested as text. Convert it to text in the query, or leave the column out.`,
      },
    };
  }
  const metadata: Record<string, unknown> = {};
  for (const column of mapping.metadata) metadata[column] = toJsonValue(values[column]);
  const candidate = {
    sourceId: toIdValue(values[mapping.id]),
    title: mapping.title === undefined ? undefined : toText(values[mapping.title]),
    content: toText(values[mapping.content]),
    metadata,
  };
  const fieldNames = { sourceId: mapping.id, title: mapping.title ?? "title", content: mapping.content, metadata: "metadata columns" };
  return { sourceId, result: validateDocument(candidate, { row, fieldNames }) };
}

function readableId(value: unknown): string | undefined {
  const id = toIdValue(value);
  return typeof id === "string" || typeof id === "number" ? String(id).trim() : undefined;
}

function toIdValue(value: unknown): unknown {
  if (typeof value === "bigint") return value.toString();
  if (value instanceof Date) return isValidDate(value) ? value.toISOString() : value;
  return value;
}

// A number or date in a title or content column is meant as its text.
function toText(value: unknown): unknown {
  if (typeof value === "number" || typeof value === "bigint" || typeof value === "boolean") return String(value);
  if (value instanceof Date) return isValidDate(value) ? value.toISOString() : value;
  return value;
}

function toJsonValue(value: unknown): unknown {
  if (value === undefined) return null;
  if (typeof value === "bigint") return value.toString();
  if (value instanceof Date) return isValidDate(value) ? value.toISOString() : null;
  if (Array.isArray(value)) return value.map(toJsonValue);
  return value;
}

function isBinary(value: unknown): boolean {
  return value instanceof Uint8Array;
}

function isValidDate(value: Date): boolean {
  return !Number.isNaN(value.getTime());
}
