import { CsvError, parse } from "csv-parse/sync";
import { parseExpectedList, parseFlag, parsePhraseList, type QuestionInput } from "../questions";
import { FIELDS, missingFieldMessage, resolveColumns, SCORED_FIELDS, type Field } from "./columns";
import { ImportError, type ImportProblem, type ImportedQuestion, type ParsedImport } from "./types";

// CSV with a header row: question, expected_ids (`a|b`, graded `a=2|b`), key_phrases (`x|y`), expected_answer,
// unanswerable (yes/no), id. Only `question` is required, plus one column that can be scored.

type InfoRow = { record: string[]; info: { lines: number } };

/** Reads an evaluation set from CSV text; a missing column rejects the file, a bad row only that row. */
export function parseQuestionsCsv(text: string, fileName: string): ParsedImport {
  const name = JSON.stringify(fileName);
  if (!text.trim()) throw new ImportError(`${name} is empty. Give it a header row (question, expected_ids, …) and one row per question.`);
  const delimiter = detectDelimiter(text);
  let rows: InfoRow[];
  try {
    rows = parse(text, { delimiter, info: true, relax_column_count: true, skip_empty_lines: true, bom: true }) as unknown as InfoRow[];
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    const line = Number(error.lines) || 1;
    throw new ImportError(`${name} is not valid CSV near line ${line}: ${error.message.replace(/^.*?:\s*/, "")}. Put values containing ${delimiter === "," ? "commas" : "the delimiter"}, quotes or line breaks in double quotes.`, { line });
  }
  const [header, ...data] = rows;
  const columns = (header?.record ?? []).map((column) => column.trim());
  const fields = resolveColumns(columns);
  if (!fields.question) throw new ImportError(missingFieldMessage(name, "column", "question", columns), { columns });
  if (!SCORED_FIELDS.some((field) => fields[field])) {
    throw new ImportError(`${missingFieldMessage(name, "column", "expected_ids", columns)} A question needs expected_ids, key_phrases, expected_answer or unanswerable to be scored.`, { columns });
  }
  if (data.length === 0) throw new ImportError(`${name} has a header row but no questions.`, { columns });

  const used = new Set(Object.values(fields));
  const ignored = columns.filter((column) => column && !used.has(column));
  const notes = ignored.length ? [`Ignored columns: ${ignored.join(", ")} (known: ${FIELDS.join(", ")}).`] : [];
  const questions: ImportedQuestion[] = [];
  const errors: ImportProblem[] = [];
  data.forEach(({ record, info }, index) => {
    const newlines = record.reduce((count, value) => count + value.split("\n").length - 1, 0);
    const where = `row ${index + 1} (line ${info.lines - newlines})`;
    if (record.length !== columns.length) {
      errors.push({ where, message: `it has ${record.length} values but the header has ${columns.length} columns; put values containing "${delimiter === "\t" ? "tab" : delimiter}" in double quotes` });
      return;
    }
    const value = (field: Field) => (fields[field] ? (record[columns.indexOf(fields[field])] ?? "") : "");
    const row = toQuestion(value);
    if ("problem" in row) errors.push({ where, message: row.problem, question: value("question").slice(0, 200) });
    else questions.push({ where, input: row.input, warnings: [] });
  });
  return { format: "csv", questions, errors, notes };
}

function toQuestion(value: (field: Field) => string): { input: QuestionInput } | { problem: string } {
  const expected = parseExpectedList(value("expected_ids"));
  if (expected.problem) return { problem: expected.problem };
  const flag = parseFlag(value("unanswerable"));
  if (flag === undefined) return { problem: `unanswerable must be yes or no (true/false, 1/0), not ${JSON.stringify(value("unanswerable"))}` };
  return {
    input: {
      externalId: value("id").trim() || null,
      question: value("question").trim(),
      expected: expected.expected,
      expectedAnswer: value("expected_answer").trim() || null,
      keyPhrases: parsePhraseList(value("key_phrases")),
      isUnanswerable: flag,
    },
  };
}

/** The delimiter that splits the header row into the most columns (comma, semicolon or tab). */
function detectDelimiter(text: string): string {
  const header = text.slice(0, text.indexOf("\n") === -1 ? undefined : text.indexOf("\n")).replace(/"[^"]*"/g, "");
  const counts = [",", ";", "\t"].map((delimiter) => ({ delimiter, count: header.split(delimiter).length }));
  return counts.sort((a, b) => b.count - a.count)[0]!.delimiter;
}
