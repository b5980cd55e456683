// In the browser, before anything is sent: which fields (JSON, JSONL) or columns (CSV) a file has, so the user can
// map them to id, title, content and metadata. Only a preview: the server parses the file again and has the last word.

export type RecordFormat = "json" | "jsonl" | "csv";

export interface FieldMappingChoice {
  id: string;
  title: string;
  content: string;
  metadata: string;
}

const SAMPLE_RECORDS = 1000;
const DELIMITERS = [",", ";", "\t", "|"] as const;

/** The field or column names of a record-shaped file, or why they could not be read. */
export function detectFields(format: RecordFormat, text: string): { fields: string[] } | { problem: string } {
  const body = text.replace(/^\uFEFF/, "");
  try {
    if (format === "csv") return { fields: csvHeader(body) };
    const records = format === "json" ? jsonRecords(body) : jsonLinesRecords(body);
    const fields = [...new Set(records.flatMap((record) => Object.keys(record)))];
    if (fields.length === 0) return { problem: "No document objects found." };
    return { fields };
  } catch {
    return { problem: format === "jsonl" ? "No line could be read as a JSON object." : `This is not valid ${format.toUpperCase()}.` };
  }
}

/** The mapping the server would use by default: a field named id, title, content, metadata (exact, else the one case-insensitive match). */
export function defaultMapping(fields: readonly string[]): FieldMappingChoice {
  const find = (wanted: string) => {
    if (fields.includes(wanted)) return wanted;
    const matches = fields.filter((field) => field.trim().toLowerCase() === wanted);
    return matches.length === 1 ? matches[0]! : "";
  };
  return { id: find("id"), title: find("title"), content: find("content"), metadata: find("metadata") };
}

function jsonRecords(text: string): Record<string, unknown>[] {
  const value: unknown = JSON.parse(text);
  if (!Array.isArray(value)) return [];
  return value.slice(0, SAMPLE_RECORDS).filter(isRecord);
}

function jsonLinesRecords(text: string): Record<string, unknown>[] {
  const records: Record<string, unknown>[] = [];
  for (const line of text.split("\n")) {
    if (records.length >= SAMPLE_RECORDS) break;
    if (line.trim() === "") continue;
    try {
      const value: unknown = JSON.parse(line);
      if (isRecord(value)) records.push(value);
    } catch {
      // A bad line is reported by the server with its line number; the others still show their fields.
    }
  }
  if (records.length === 0) throw new Error("no records");
  return records;
}

/** The header row, split on the delimiter that occurs most in it (outside quotes), as the server detects it. */
function csvHeader(text: string): string[] {
  const excelHint = /^sep=(.)\r?\n/.exec(text);
  const body = excelHint ? text.slice(excelHint[0].length) : text;
  const header = firstRecord(body);
  const delimiter = excelHint?.[1] ?? DELIMITERS.reduce((best, candidate) => (count(header, candidate) > count(header, best) ? candidate : best), DELIMITERS[0]);
  const columns = splitQuoted(header, delimiter).map((column, index) => column.trim() || `column ${index + 1}`);
  if (columns.length === 1 && columns[0] === "column 1") throw new Error("no header");
  return columns;
}

// The first record may span lines when a quoted header cell holds a line break.
function firstRecord(text: string): string {
  let inQuotes = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (char === '"') inQuotes = !inQuotes;
    else if ((char === "\n" || char === "\r") && !inQuotes) return text.slice(0, i);
  }
  return text;
}

function count(line: string, delimiter: string): number {
  return splitQuoted(line, delimiter).length - 1;
}

function splitQuoted(line: string, delimiter: string): string[] {
  const cells: string[] = [];
  let cell = "";
  let inQuotes = false;
  for (let i = 0; i < line.length; i++) {
    const char = line[i]!;
    if (inQuotes) {
      if (char === '"' && line[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (char === '"') inQuotes = false;
      else cell += char;
    } else if (char === '"') inQuotes = true;
    else if (char === delimiter) {
      cells.push(cell);
      cell = "";
    } else cell += char;
  }
  cells.push(cell);
  return cells;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
