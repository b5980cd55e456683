// The one gate every document passes before ingestion, whatever brought it (upload, REST API, SQL sync): it checks
// what the database would refuse or silently mangle, and says in the message which field is wrong and how to fix it.
// Pure and dependency-free, so the same rules can run wherever a candidate is built.

export interface InputDocument {
  sourceId: string;
  title: string;
  content: string;
  metadata: Record<string, unknown>;
}

/**
 * A problem with one candidate. `row` is its 1-based position among the file's records (JSON array element, CSV data
 * row after the header); `line` is the 1-based line of the file it starts on; `column` is 1-based within that line.
 */
export interface RowError {
  row?: number;
  line?: number;
  column?: number;
  sourceId?: string;
  field?: string;
  message: string;
}

export type DocumentField = keyof InputDocument;

/** Where a candidate came from, and what its fields are called there (e.g. a CSV column "doc_id" holds the sourceId). */
export interface CandidateSource {
  row?: number;
  line?: number;
  fieldNames?: Partial<Record<DocumentField, string>>;
}

export const MAX_SOURCE_ID_LENGTH = 512;
export const MAX_TITLE_LENGTH = 1000;
export const MAX_METADATA_BYTES = 64 * 1024;
const MAX_METADATA_DEPTH = 32;
const MAX_IDS_SHOWN = 20;

/** Validates and normalises one candidate `{ sourceId, title?, content, metadata? }`; returns the document or what is wrong with it. */
export function validateDocument(candidate: unknown, where: CandidateSource): InputDocument | RowError {
  const name = (field: DocumentField) => where.fieldNames?.[field] ?? field;
  const fail = (field: DocumentField | undefined, message: string, sourceId?: string): RowError => ({
    ...(where.row === undefined ? {} : { row: where.row }),
    ...(where.line === undefined ? {} : { line: where.line }),
    ...(sourceId === undefined ? {} : { sourceId }),
    ...(field === undefined ? {} : { field: name(field) }),
    message,
  });

  if (!isPlainObject(candidate)) {
    return fail(undefined, `Expected a document (an object with ${quote(name("sourceId"))} and ${quote(name("content"))}), but got ${describeValue(candidate)}.`);
  }

  const sourceId = checkSourceId(candidate.sourceId, name("sourceId"));
  if (!sourceId.ok) return fail("sourceId", sourceId.problem);
  const id = sourceId.value;

  const title = checkTitle(candidate.title, name("title"), id);
  if (!title.ok) return fail("title", title.problem, id);
  const content = checkContent(candidate.content, name("content"));
  if (!content.ok) return fail("content", content.problem, id);
  const metadata = checkMetadata(candidate.metadata, name("metadata"));
  if (!metadata.ok) return fail("metadata", metadata.problem, id);

  return { sourceId: id, title: title.value, content: content.value, metadata: metadata.value };
}

/** The ids that occur more than once in a batch, each listed once, in order of first appearance. */
export function findDuplicateIds(docs: InputDocument[]): string[] {
  const seen = new Set<string>();
  const duplicates = new Set<string>();
  for (const doc of docs) {
    if (seen.has(doc.sourceId)) duplicates.add(doc.sourceId);
    else seen.add(doc.sourceId);
  }
  return [...duplicates];
}

/** A readable list of ids: the first twenty, quoted, then how many more there are. */
export function formatIdList(ids: string[]): string {
  const shown = ids.slice(0, MAX_IDS_SHOWN).map(quote).join(", ");
  return ids.length > MAX_IDS_SHOWN ? `${shown} and ${ids.length - MAX_IDS_SHOWN} more` : shown;
}

/** One line for a row error, location first: `Row 3 (line 7), id "a-1": …` or `Line 4, column 9: …`. */
export function formatRowError(error: RowError): string {
  const parts: string[] = [];
  if (error.row !== undefined) parts.push(error.line === undefined ? `Row ${error.row}` : `Row ${error.row} (line ${error.line})`);
  else if (error.line !== undefined) parts.push(`Line ${error.line}`);
  if (error.column !== undefined) parts.push(`column ${error.column}`);
  if (error.sourceId !== undefined) parts.push(`id ${quote(error.sourceId)}`);
  return parts.length > 0 ? `${parts.join(", ")}: ${error.message}` : error.message;
}

type Checked<T> = { ok: true; value: T } | { ok: false; problem: string };

const ok = <T>(value: T): Checked<T> => ({ ok: true, value });
const problem = (message: string): { ok: false; problem: string } => ({ ok: false, problem: message });

function checkSourceId(value: unknown, label: string): Checked<string> {
  if (value === undefined || value === null) return problem(`${quote(label)} is missing. Every document needs the unique id it has in your own system.`);
  // SQL exports often carry integer keys; anything else (1.5, true, objects) is more likely a wrong column.
  const isWholeNumber = typeof value === "number" && Number.isSafeInteger(value);
  if (typeof value !== "string" && !isWholeNumber) {
    return problem(`${quote(label)} must be text or a whole number, not ${describeValue(value)}. Check that the right field is mapped to the id.`);
  }
  // Not NFC-normalised: the id must match the key in the source system byte for byte, or later syncs would miss it.
  const id = String(value).trim();
  if (id === "") return problem(`${quote(label)} is blank. Every document needs the unique id it has in your own system.`);
  const length = [...id].length;
  if (length > MAX_SOURCE_ID_LENGTH) {
    return problem(`${quote(label)} is ${length} characters long; the limit is ${MAX_SOURCE_ID_LENGTH}. Use a shorter key (a hash of a long path works).`);
  }
  const control = /\p{Cc}/u.exec(id);
  if (control) {
    return problem(`${quote(label)} contains an invisible control character (${codePoint(control[0])} at position ${[...id.slice(0, control.index)].length + 1}). Remove tabs, line breaks and other control characters from ids.`);
  }
  return ok(id);
}

function checkTitle(value: unknown, label: string, sourceId: string): Checked<string> {
  if (value === undefined || value === null) return ok(sourceId);
  if (typeof value !== "string") return problem(`${quote(label)} must be text, not ${describeValue(value)}. Leave it out to use the id as the title.`);
  // Titles are shown on one line: line breaks and other control characters become single spaces.
  const title = clean(value).replace(/[\s\p{Cc}]+/gu, " ").trim();
  if (title === "") return ok(sourceId);
  const length = [...title].length;
  if (length > MAX_TITLE_LENGTH) return problem(`${quote(label)} is ${length} characters long; the limit is ${MAX_TITLE_LENGTH}. Shorten it.`);
  return ok(title);
}

function checkContent(value: unknown, label: string): Checked<string> {
  if (value === undefined || value === null) return problem(`${quote(label)} is missing, so there is no text to index. Add the document's text or remove it from the batch.`);
  if (typeof value !== "string") {
    return problem(`${quote(label)} must be text, not ${describeValue(value)}. Convert structured data to text before ingesting it.`);
  }
  const content = clean(value);
  if (content.trim() === "") return problem(`${quote(label)} is empty or only whitespace, so there is nothing to index. Fill in the text or remove the document.`);
  return ok(content);
}

function checkMetadata(value: unknown, label: string): Checked<Record<string, unknown>> {
  if (value === undefined) return ok({});
  if (!isPlainObject(value)) {
    return problem(`${quote(label)} must be a JSON object such as {"author": "Kim"}, not ${describeValue(value)}. Leave it out if there is none.`);
  }
  const invalid = findNonJsonValue(value, label, 0);
  if (invalid) return problem(invalid);
  const serialised = JSON.stringify(value);
  // PostgreSQL's jsonb cannot store U+0000; better to say so here than fail the whole ingestion job later.
  if (serialised.includes("\\u0000")) return problem(`${quote(label)} contains a NUL character (\\u0000), which the database cannot store. Remove it.`);
  const bytes = new TextEncoder().encode(serialised).length;
  if (bytes > MAX_METADATA_BYTES) {
    return problem(`${quote(label)} is ${kilobytes(bytes)} KB as JSON; the limit is ${kilobytes(MAX_METADATA_BYTES)} KB. Keep long text in the content, not the metadata.`);
  }
  return ok(value);
}

// Candidates from the API or SQL sync may hold Dates, NaN or class instances, which JSON would silently change.
function findNonJsonValue(value: unknown, path: string, depth: number): string | undefined {
  if (depth > MAX_METADATA_DEPTH) return `${quote(path)} is nested more than ${MAX_METADATA_DEPTH} levels deep. Flatten the metadata.`;
  if (value === null || typeof value === "string" || typeof value === "boolean") return undefined;
  if (typeof value === "number") return Number.isFinite(value) ? undefined : `${quote(path)} is ${value}, which JSON cannot represent. Use null or a string.`;
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const found = findNonJsonValue(item, `${path}[${index}]`, depth + 1);
      if (found) return found;
    }
    return undefined;
  }
  if (isPlainObject(value)) {
    for (const [key, item] of Object.entries(value)) {
      const found = findNonJsonValue(item, `${path}.${key}`, depth + 1);
      if (found) return found;
    }
    return undefined;
  }
  return `${quote(path)} is ${describeValue(value)}, which is not a JSON value. Use a string, number, boolean, null, array or object.`;
}

// NFC so that "é" typed on different systems matches in search; LF only so offsets and chunking agree everywhere;
// no NUL because PostgreSQL text cannot hold it (PDF extraction sometimes yields one).
function clean(text: string): string {
  return text.normalize("NFC").replace(/\r\n?/g, "\n").replaceAll("\u0000", "");
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/** A short description of a value's type for messages: "an array", "a decimal number (1.5)", "null". */
export function describeValue(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (value instanceof Date) return "a date object";
  switch (typeof value) {
    case "string":
      return `text (${quote(value.length > 40 ? `${value.slice(0, 40)}…` : value)})`;
    case "number":
      return Number.isInteger(value) ? `a number (${value})` : Number.isFinite(value) ? `a decimal number (${value})` : String(value);
    case "boolean":
      return `a boolean (${value})`;
    case "object":
      return isPlainObject(value) ? "an object" : `an object of type ${value.constructor?.name ?? "unknown"}`;
    default:
      return `a ${typeof value}`;
  }
}

function quote(text: string): string {
  return JSON.stringify(text);
}

function codePoint(char: string): string {
  return `U+${(char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, "0")}`;
}

function kilobytes(bytes: number): string {
  return (bytes / 1024).toFixed(bytes % 1024 === 0 ? 0 : 1);
}
