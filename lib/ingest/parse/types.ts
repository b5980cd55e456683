import type { InputDocument, RowError } from "../validate";

export type UploadFormat = "json" | "jsonl" | "csv" | "markdown" | "text" | "html" | "pdf" | "docx";

/**
 * Which field (JSON, JSONL) or column (CSV) holds each part of a document. Defaults: id, title, content, metadata.
 * In CSV, metadata is every other non-empty column unless a column holding a JSON object is mapped here.
 */
export interface FieldMapping {
  id?: string;
  title?: string;
  content?: string;
  metadata?: string;
}

export interface ParseOptions {
  mapping?: FieldMapping;
  /** The id of a single-document upload (Markdown, text, HTML, PDF, DOCX); default: stableSourceId(file name). */
  sourceId?: string;
  /** Default 50 MB. */
  maxBytes?: number;
  /** CSV only; detected from the header row when not given. */
  csvDelimiter?: "," | ";" | "\t" | "|";
}

export interface ParseResult {
  format: UploadFormat;
  documents: InputDocument[];
  errors: RowError[];
  /** CSV, JSON, JSONL: the column or field names found, so the UI can offer a mapping. */
  fields?: string[];
}
