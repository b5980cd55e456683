import { describeValue, type RowError } from "../validate";
import { parseJsonText } from "./json-syntax";
import { collectDocuments, type RawRecord, resolveFields, type ResolvedFields } from "./records";
import { baseName } from "./stable-source-id";
import type { FieldMapping, ParseResult } from "./types";
import { UploadError } from "./upload-error";

/** A JSON array of document objects. A syntax error rejects the file, with its line and column. */
export function parseJsonArray(text: string, fileName: string, mapping?: FieldMapping): ParseResult {
  const name = JSON.stringify(baseName(fileName));
  if (text.trim() === "") throw new UploadError("empty", `${name} is empty. Upload a JSON array of documents.`);
  const parsed = parseJsonText(text);
  if ("problem" in parsed) {
    const { line, column, message } = parsed.problem;
    throw new UploadError("malformed", `${name} is not valid JSON: line ${line}, column ${column}: ${message}. Fix it and upload again.`, { line, column });
  }
  if (!Array.isArray(parsed.value)) {
    throw new UploadError(
      "malformed",
      `${name} holds ${describeValue(parsed.value)}, not an array of documents. Write the documents as [{"id": "…", "title": "…", "content": "…"}, …].`,
    );
  }
  if (parsed.value.length === 0) throw new UploadError("empty", `${name} is an empty array: there are no documents in it.`);

  const records: RawRecord[] = [];
  const errors: RowError[] = [];
  parsed.value.forEach((item: unknown, index) => {
    if (isRecord(item)) records.push({ where: { row: index + 1 }, values: item });
    else errors.push({ row: index + 1, message: notAnObject(item) });
  });
  return mapRecords("json", records, errors, fileName, mapping);
}

/** JSON Lines: one document object per line. A bad line is a RowError for that line; the other lines are kept. */
export function parseJsonLines(text: string, fileName: string, mapping?: FieldMapping): ParseResult {
  const name = JSON.stringify(baseName(fileName));
  // A pretty-printed JSON array would half-parse line by line (the one-line objects in it); say what it is instead.
  if (text.trimStart().startsWith("[")) {
    const whole = parseJsonText(text);
    if ("value" in whole && Array.isArray(whole.value)) {
      throw new UploadError("malformed", `${name} holds a JSON array, not JSON Lines (one object per line). Name the file .json, or write one document object per line.`);
    }
  }
  const records: RawRecord[] = [];
  const errors: RowError[] = [];
  text.split("\n").forEach((lineText, index) => {
    if (lineText.trim() === "") return;
    const line = index + 1;
    const parsed = parseJsonText(lineText);
    if ("problem" in parsed) errors.push({ line, column: parsed.problem.column, message: `Not valid JSON: ${parsed.problem.message}.` });
    else if (isRecord(parsed.value)) records.push({ where: { line }, values: parsed.value });
    else errors.push({ line, message: notAnObject(parsed.value) });
  });
  if (records.length === 0 && errors.length === 0) throw new UploadError("empty", `${name} is empty. Upload one JSON document object per line.`);
  // When not one line is a document, the file is not JSON Lines at all: reject it whole rather than list every line.
  const first = errors[0];
  if (records.length === 0 && first) {
    throw new UploadError("malformed", `${name} is not JSON Lines: line ${first.line}${first.column ? `, column ${first.column}` : ""}: ${first.message} Write one document object per line.`, {
      ...(first.line === undefined ? {} : { line: first.line }),
      ...(first.column === undefined ? {} : { column: first.column }),
    });
  }
  return mapRecords("jsonl", records, errors, fileName, mapping);
}

function mapRecords(format: "json" | "jsonl", records: RawRecord[], errors: RowError[], fileName: string, mapping?: FieldMapping): ParseResult {
  const fields = [...new Set(records.flatMap((record) => Object.keys(record.values)))];
  if (records.length === 0) {
    throw new UploadError("malformed", `${JSON.stringify(baseName(fileName))} contains no objects. ${errors[0]?.message ?? ""}`.trim(), { fields });
  }
  const resolved = resolveFields(fields, mapping, fileName, "field");
  const result = collectDocuments(records, resolved, (values) => ({ candidate: toCandidate(values, resolved) }));
  const allErrors = [...errors, ...result.errors].sort((a, b) => (a.row ?? a.line ?? 0) - (b.row ?? b.line ?? 0));
  return { format, documents: result.documents, errors: allErrors, fields };
}

function toCandidate(values: Record<string, unknown>, fields: ResolvedFields): Record<string, unknown> {
  return {
    sourceId: values[fields.id],
    content: values[fields.content],
    title: fields.title === undefined ? undefined : values[fields.title],
    metadata: fields.metadata === undefined ? undefined : values[fields.metadata],
  };
}

function notAnObject(value: unknown): string {
  return `Expected a document object such as {"id": "…", "content": "…"}, but found ${describeValue(value)}.`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
