import "server-only";
import { findDuplicateIds, formatIdList, MAX_TITLE_LENGTH, validateDocument } from "../validate";
import { decodeText } from "./decode-text";
import { detectFormat, unsupportedTypeMessage } from "./detect-format";
import { parseCsv } from "./csv";
import { extractDocxText } from "./docx";
import { htmlToText } from "./html-text";
import { parseJsonArray, parseJsonLines } from "./json";
import { markdownTitle } from "./markdown-title";
import { extractPdfText } from "./pdf";
import { baseName, stableSourceId, titleFromFileName } from "./stable-source-id";
import type { ParseOptions, ParseResult, UploadFormat } from "./types";
import { UploadError } from "./upload-error";

export type { FieldMapping, ParseOptions, ParseResult, UploadFormat } from "./types";
export { UploadError, type UploadErrorCode, type UploadErrorDetails } from "./upload-error";
export { detectFormat, SUPPORTED_EXTENSIONS } from "./detect-format";
export { stableSourceId } from "./stable-source-id";

const MEGABYTE = 1024 * 1024;
export const DEFAULT_MAX_UPLOAD_BYTES = 50 * MEGABYTE;

export interface UploadedFile {
  name: string;
  bytes: Uint8Array;
  type?: string;
}

/**
 * Turns an uploaded file into validated documents. Whole-file problems (type, size, encoding, syntax, encryption,
 * duplicate ids) throw an UploadError and nothing is ingested; problems with single rows come back in `errors`.
 */
export async function parseUpload(file: UploadedFile, options: ParseOptions = {}): Promise<ParseResult> {
  const name = JSON.stringify(baseName(file.name));
  const format = detectFormat(file.name, file.type, file.bytes.subarray(0, 512));
  if (format === undefined) throw new UploadError("unsupported_type", unsupportedTypeMessage(file.name));
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_UPLOAD_BYTES;
  if (file.bytes.length > maxBytes) {
    // Rounded up, so a file just over the limit never reads as "50 MB; the limit is 50 MB".
    const size = Math.ceil((file.bytes.length / MEGABYTE) * 10) / 10;
    const limit = Math.round((maxBytes / MEGABYTE) * 10) / 10;
    throw new UploadError("too_large", `${name} is ${size} MB; the limit is ${limit} MB. Split it into smaller files and upload those.`);
  }
  if (file.bytes.length === 0) throw new UploadError("empty", `${name} is empty (0 bytes). Check that you chose the right file.`);

  const result = await parseFormat(format, file, options);
  const duplicates = findDuplicateIds(result.documents);
  if (duplicates.length > 0) {
    const count = duplicates.length === 1 ? "an id" : `${duplicates.length} ids`;
    throw new UploadError(
      "duplicate_ids",
      `${name} uses ${count} more than once: ${formatIdList(duplicates)}. Each document needs its own id; fix the duplicates and upload again. Nothing was ingested.`,
      { ids: duplicates },
    );
  }
  return result;
}

async function parseFormat(format: UploadFormat, file: UploadedFile, options: ParseOptions): Promise<ParseResult> {
  switch (format) {
    case "json":
      return parseJsonArray(decodeText(file.bytes, file.name), file.name, options.mapping);
    case "jsonl":
      return parseJsonLines(decodeText(file.bytes, file.name), file.name, options.mapping);
    case "csv":
      return parseCsv(decodeText(file.bytes, file.name), file.name, options);
    case "markdown": {
      // Kept as written: the chunker splits on the headings.
      const text = decodeText(file.bytes, file.name);
      return singleDocument(format, file.name, { title: markdownTitle(text), text }, options);
    }
    case "text":
      return singleDocument(format, file.name, { text: decodeText(file.bytes, file.name) }, options);
    case "html":
      return singleDocument(format, file.name, htmlToText(decodeText(file.bytes, file.name)), options);
    case "pdf": {
      const { pageCount, ...extracted } = await extractPdfText(file.bytes, file.name);
      return singleDocument(format, file.name, extracted, options, { pageCount });
    }
    case "docx":
      return singleDocument(format, file.name, await extractDocxText(file.bytes, file.name), options);
  }
}

function singleDocument(
  format: UploadFormat,
  fileName: string,
  extracted: { title?: string; text: string },
  options: ParseOptions,
  metadata: Record<string, unknown> = {},
): ParseResult {
  if (extracted.text.trim() === "") throw new UploadError("empty", emptyMessage(format, JSON.stringify(baseName(fileName))));
  // A title found in the file is cut to fit rather than refused: the user did not choose it.
  const title = extracted.title ? [...extracted.title].slice(0, MAX_TITLE_LENGTH).join("") : titleFromFileName(fileName);
  const candidate = {
    sourceId: options.sourceId ?? stableSourceId(fileName),
    title,
    content: extracted.text,
    metadata: { fileName: baseName(fileName), ...metadata },
  };
  const document = validateDocument(candidate, {});
  return "message" in document ? { format, documents: [], errors: [document] } : { format, documents: [document], errors: [] };
}

// A PDF without text is refused in pdf.ts already, where it can say that its pages look scanned.
function emptyMessage(format: UploadFormat, name: string): string {
  switch (format) {
    case "html":
      return `${name} has no readable text, only markup, scripts or styles. Upload a page with text in its body.`;
    case "docx":
      return `${name} has no text (pictures of text cannot be read). Upload a version with real text, or paste the text instead.`;
    default:
      return `${name} contains only whitespace: there is no text to ingest.`;
  }
}

