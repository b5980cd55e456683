import { detectFormat, unsupportedTypeMessage } from "@/lib/ingest/parse/detect-format";
import { stableSourceId } from "@/lib/ingest/parse/stable-source-id";
import type { UploadFormat } from "@/lib/ingest/parse/types";
import { defaultMapping, detectFields, type FieldMappingChoice, type RecordFormat } from "./detect-fields";
import { formatBytes } from "./format";

// One chosen file on the upload form, prepared in the browser: its format, and either the fields to map (JSON, JSONL,
// CSV) or the id it will get (every other format holds one document).

export interface UploadEntry {
  key: string;
  file: File;
  format?: UploadFormat;
  /** Why this file cannot be sent as it is (unsupported type, too large); it must be removed first. */
  problem?: string;
  /** Single-document files: the id, from the file name, editable. */
  sourceId: string;
  /** Record files: the fields found, or why none could be read (the server then applies the default names). */
  fields?: string[];
  fieldsProblem?: string;
  mapping: FieldMappingChoice;
}

const RECORD_FORMATS: readonly string[] = ["json", "jsonl", "csv"] satisfies RecordFormat[];

export function isRecordFormat(format: UploadFormat | undefined): format is RecordFormat {
  return format !== undefined && RECORD_FORMATS.includes(format);
}

let counter = 0;

/** Reads what the form needs to know about a file before it is sent. */
export async function prepareEntry(file: File, maxBytes: number): Promise<UploadEntry> {
  const entry: UploadEntry = { key: `${Date.now()}-${counter++}`, file, sourceId: stableSourceId(file.name), mapping: defaultMapping([]) };
  const head = new Uint8Array(await file.slice(0, 512).arrayBuffer());
  entry.format = detectFormat(file.name, file.type, head);
  if (entry.format === undefined) return { ...entry, problem: `${unsupportedTypeMessage(file.name)} Remove it to upload the others.` };
  if (file.size > maxBytes) {
    return { ...entry, problem: `This file is ${formatBytes(file.size)}; the limit is ${formatBytes(maxBytes)}. Remove it, split it into smaller files and add those.` };
  }
  if (file.size === 0) return { ...entry, problem: "This file is empty (0 bytes). Remove it and check that you chose the right file." };
  if (!isRecordFormat(entry.format)) return entry;
  const detected = detectFields(entry.format, await file.text());
  return "fields" in detected ? { ...entry, fields: detected.fields, mapping: defaultMapping(detected.fields) } : { ...entry, fieldsProblem: detected.problem };
}

/** What the server needs beside the file: the mapping chosen for a record file, or the id of a single-document file. */
export function manifestEntry(entry: UploadEntry): { mapping?: Partial<FieldMappingChoice>; sourceId?: string } {
  if (!isRecordFormat(entry.format)) return { sourceId: entry.sourceId.trim() };
  if (!entry.fields) return {};
  const chosen = Object.entries(entry.mapping).filter(([, field]) => field !== "");
  return { mapping: Object.fromEntries(chosen) };
}

/** Why the form cannot be sent yet, or undefined when it can. */
export function blockingProblem(entries: readonly UploadEntry[], maxFiles: number): string | undefined {
  if (entries.length === 0) return "Choose at least one file, or drop files on the area above.";
  if (entries.length > maxFiles) return `One upload takes at most ${maxFiles} files; you chose ${entries.length}. Remove ${entries.length - maxFiles}, and upload them next.`;
  if (entries.some((entry) => entry.problem)) return "Remove the files marked in red, then upload.";
  const unmapped = entries.find((entry) => entry.fields && (!entry.mapping.id || !entry.mapping.content));
  if (unmapped) return `Choose which field of ${JSON.stringify(unmapped.file.name)} holds the id and which holds the content.`;
  const blankId = entries.find((entry) => !isRecordFormat(entry.format) && entry.sourceId.trim() === "");
  if (blankId) return `Give ${JSON.stringify(blankId.file.name)} an id.`;
  return undefined;
}
