import { CsvError, parse } from "csv-parse/sync";
import type { RowError } from "../validate";
import { parseJsonText } from "./json-syntax";
import { type CandidateResult, collectDocuments, type RawRecord, resolveFields, type ResolvedFields } from "./records";
import { baseName } from "./stable-source-id";
import type { ParseOptions, ParseResult } from "./types";
import { UploadError } from "./upload-error";

type InfoRow = { record: string[]; info: { lines: number } };
const DELIMITERS = [",", ";", "\t", "|"];
const DELIMITER_NAMES: Record<string, string> = { ",": "comma", ";": "semicolon", "\t": "tab", "|": "vertical bar" };

/** CSV with a header row; the delimiter is given or detected, and every row is a document. */
export function parseCsv(text: string, fileName: string, options: ParseOptions = {}): ParseResult {
  const name = JSON.stringify(baseName(fileName));
  // Excel may write a "sep=;" first line naming the delimiter; it is not part of the data.
  const excelHint = /^sep=(.)\n/.exec(text);
  const body = excelHint ? text.slice(excelHint[0].length) : text;
  const lineOffset = excelHint ? 1 : 0;
  if (body.trim() === "") throw new UploadError("empty", `${name} is empty. Upload a CSV file with a header row and one row per document.`);
  const delimiter = options.csvDelimiter ?? excelHint?.[1] ?? detectDelimiter(body);

  let rows: InfoRow[];
  try {
    // The typings do not model `info: true`, which wraps each record as { record, info }.
    rows = parse(body, { delimiter, info: true, relax_column_count: true, skip_empty_lines: true }) as unknown as InfoRow[];
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    const line = (error.code === "CSV_QUOTE_NOT_CLOSED" ? lineAfterLastRecord(body, delimiter) : Number(error.lines) || 1) + lineOffset;
    throw new UploadError("malformed", `${name} is not valid CSV: ${describeCsvError(error, line)}`, { line });
  }
  const [header, ...data] = rows;
  if (!header) throw new UploadError("empty", `${name} is empty. Upload a CSV file with a header row and one row per document.`);
  const columns = header.record.map((column, index) => column.trim() || `column ${index + 1}`);
  const repeated = columns.find((column, index) => columns.indexOf(column) !== index);
  if (repeated !== undefined) {
    throw new UploadError("malformed", `${name} has two columns named ${JSON.stringify(repeated)} in its header row. Rename one of them.`, { fields: columns });
  }
  if (data.length === 0) throw new UploadError("empty", `${name} has a header row but no data rows.`, { fields: columns });

  const fields = resolveFields(columns, options.mapping, fileName, "column");
  const records: RawRecord[] = [];
  const errors: RowError[] = [];
  data.forEach(({ record, info }, index) => {
    // info.lines is the line the record ends on; quoted values may span several lines before it.
    const newlines = record.reduce((count, value) => count + value.split("\n").length - 1, 0);
    const where = { row: index + 1, line: info.lines - newlines + lineOffset };
    if (record.length !== columns.length) {
      errors.push({
        ...where,
        message: `This row has ${record.length} values but the header has ${columns.length} columns. Check for a ${DELIMITER_NAMES[delimiter] ?? JSON.stringify(delimiter)} inside a value that is not in double quotes.`,
      });
    } else {
      records.push({ where, values: Object.fromEntries(columns.map((column, i) => [column, record[i]])) });
    }
  });
  const result = collectDocuments(records, fields, (values) => toCandidate(values, fields, columns));
  const allErrors = [...errors, ...result.errors].sort((a, b) => (a.row ?? 0) - (b.row ?? 0));
  return { format: "csv", documents: result.documents, errors: allErrors, fields: columns };
}

function toCandidate(values: Record<string, unknown>, fields: ResolvedFields, columns: string[]): CandidateResult {
  const id = values[fields.id];
  const base = { sourceId: id, content: values[fields.content], title: fields.title === undefined ? undefined : values[fields.title] };
  if (fields.metadata === undefined) {
    // Every other column becomes metadata; blank cells are left out, as a spreadsheet's blank is "no value", not "".
    const used = new Set([fields.id, fields.content, fields.title]);
    const rest = columns.filter((column) => !used.has(column) && String(values[column]).trim() !== "");
    return { candidate: { ...base, metadata: Object.fromEntries(rest.map((column) => [column, values[column]])) } };
  }
  const cell = String(values[fields.metadata]);
  if (cell.trim() === "") return { candidate: base };
  const parsed = parseJsonText(cell);
  if ("value" in parsed) return { candidate: { ...base, metadata: parsed.value } };
  return {
    field: fields.metadata,
    ...(typeof id === "string" && id.trim() !== "" ? { sourceId: id.trim() } : {}),
    message: `${JSON.stringify(fields.metadata)} must hold a JSON object such as {"author": "Kim"}, but it is not valid JSON (${parsed.problem.message} at character ${parsed.problem.column}).`,
  };
}

// csv-parse reports an unclosed quote where it gave up, at the end of the file; the record that failed starts after
// the last good one. Found by parsing again, as tracking every record slows the common, successful parse by half.
function lineAfterLastRecord(text: string, delimiter: string): number {
  let lastGoodLine = 0;
  const onRecord = (record: string[], context: { lines: number }) => {
    lastGoodLine = context.lines;
    return record;
  };
  try {
    parse(text, { delimiter, relax_column_count: true, skip_empty_lines: true, on_record: onRecord });
  } catch {
    // The same error again; only the line of the last record before it was wanted.
  }
  return lastGoodLine + 1;
}

// The delimiter that splits the header line into the most columns; a comma wins a tie. (csv-parse's own
// delimiter_auto scores every character by frequency, so in prose-heavy content a letter or a space can win.)
function detectDelimiter(text: string): string {
  const end = text.indexOf("\n");
  const headerLine = end === -1 ? text : text.slice(0, end);
  let best = ",";
  let bestCount = 0;
  for (const delimiter of DELIMITERS) {
    try {
      const [header] = parse(headerLine, { delimiter, relax_column_count: true, relax_quotes: true });
      if (header && header.length > bestCount) [best, bestCount] = [delimiter, header.length];
    } catch {
      // This delimiter cannot split the header at all: another will.
    }
  }
  return best;
}

function describeCsvError(error: CsvError, line: number): string {
  switch (error.code) {
    case "CSV_QUOTE_NOT_CLOSED":
      return `the row starting on line ${line} opens a double quote that is never closed. Close the quoted value, or write a quote inside a value as "".`;
    case "INVALID_OPENING_QUOTE":
      return `line ${line} has a double quote in the middle of an unquoted value. Put the whole value in double quotes and write the quote as "".`;
    case "CSV_INVALID_CLOSING_QUOTE":
      return `line ${line} has text right after a closing double quote. Write a quote inside a quoted value as "".`;
    default:
      return `line ${line}: ${error.message}. Fix it and upload again.`;
  }
}

