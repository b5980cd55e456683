import { baseName } from "./stable-source-id";
import type { UploadFormat } from "./types";

const BY_EXTENSION: Record<string, UploadFormat> = {
  json: "json",
  jsonl: "jsonl",
  ndjson: "jsonl",
  csv: "csv",
  tsv: "csv",
  md: "markdown",
  markdown: "markdown",
  txt: "text",
  text: "text",
  html: "html",
  htm: "html",
  xhtml: "html",
  pdf: "pdf",
  docx: "docx",
};

const BY_MIME_TYPE: Record<string, UploadFormat> = {
  "application/json": "json",
  "application/x-ndjson": "jsonl",
  "application/jsonl": "jsonl",
  "application/x-jsonlines": "jsonl",
  "text/csv": "csv",
  "text/tab-separated-values": "csv",
  "text/markdown": "markdown",
  "text/x-markdown": "markdown",
  "text/plain": "text",
  "text/html": "html",
  "application/xhtml+xml": "html",
  "application/pdf": "pdf",
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
};

// What people most often try to upload instead, and what to do with it.
const ADVICE: Record<string, string> = {
  doc: "Open it in Word (or LibreOffice) and save it as .docx.",
  rtf: "Open it in Word (or LibreOffice) and save it as .docx.",
  odt: "Open it in LibreOffice and save it as .docx.",
  pages: "Export it from Pages as Word (.docx) or PDF.",
  xls: "Export the sheet as CSV (UTF-8).",
  xlsx: "Export the sheet as CSV (UTF-8).",
  ods: "Export the sheet as CSV (UTF-8).",
  ppt: "Export the slides as PDF.",
  pptx: "Export the slides as PDF.",
  key: "Export the slides as PDF.",
  png: "Images cannot be read (there is no OCR); upload the text as PDF, Word or plain text.",
  jpg: "Images cannot be read (there is no OCR); upload the text as PDF, Word or plain text.",
  jpeg: "Images cannot be read (there is no OCR); upload the text as PDF, Word or plain text.",
  tif: "Images cannot be read (there is no OCR); upload the text as PDF, Word or plain text.",
  tiff: "Images cannot be read (there is no OCR); upload the text as PDF, Word or plain text.",
  zip: "Unpack the archive and upload the files in it.",
};

export const SUPPORTED_EXTENSIONS = ".json, .jsonl, .csv, .tsv, .md, .txt, .html, .pdf, .docx";

/** The format of an upload, from its extension, else its MIME type, else its first bytes; undefined when none fits. */
export function detectFormat(fileName: string, mimeType?: string, head?: Uint8Array): UploadFormat | undefined {
  const byExtension = BY_EXTENSION[extensionOf(fileName)];
  if (byExtension) return byExtension;
  // Browsers send application/octet-stream or nothing for types they do not know, so only a real type counts.
  const byMimeType = mimeType ? BY_MIME_TYPE[(mimeType.split(";")[0] ?? "").trim().toLowerCase()] : undefined;
  if (byMimeType) return byMimeType;
  return head ? sniff(head) : undefined;
}

/** Why a file is refused, with the supported types and, for common office and image files, how to convert it. */
export function unsupportedTypeMessage(fileName: string): string {
  const extension = extensionOf(fileName);
  const kind = extension ? `.${extension} files are` : "Files without an extension are";
  const advice = ADVICE[extension];
  return `${JSON.stringify(baseName(fileName))} cannot be uploaded: ${kind} not supported. Supported: ${SUPPORTED_EXTENSIONS}.${advice ? ` ${advice}` : ""}`;
}

function extensionOf(fileName: string): string {
  const match = /\.([^.]+)$/.exec(baseName(fileName));
  return match?.[1]?.toLowerCase() ?? "";
}

function sniff(head: Uint8Array): UploadFormat | undefined {
  const start = new TextDecoder("latin1").decode(head.subarray(0, 512)).replace(/^\uFEFF|^\u00EF\u00BB\u00BF/, "").trimStart().toLowerCase();
  if (start.startsWith("%pdf-")) return "pdf";
  if (start.startsWith("<!doctype html") || start.startsWith("<html")) return "html";
  return undefined;
}
