import { dedupePhrases, MAX_GRADE, parseExpectedList, parseFlag, parsePhraseList, type Expected, type QuestionInput } from "../questions";
import { missingFieldMessage, resolveColumns, type Field } from "./columns";
import { ImportError, type ImportProblem, type ImportedQuestion, type ParsedImport } from "./types";

// JSON Lines, one question per line: {"question": "...", "expected_ids": ["a", "b"] | {"a": 2} | "a|b",
// "key_phrases": ["x"] | "x|y", "expected_answer": "...", "unanswerable": false, "id": "q1"}.

/** Reads an evaluation set from JSON Lines; a line that is not JSON or lacks a question is refused, alone. */
export function parseQuestionsJsonl(text: string, fileName: string): ParsedImport {
  const name = JSON.stringify(fileName);
  const lines = text.split("\n");
  const questions: ImportedQuestion[] = [];
  const errors: ImportProblem[] = [];
  let objects = 0;
  lines.forEach((line, index) => {
    if (!line.trim()) return;
    const where = `line ${index + 1}`;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      errors.push({ where, message: `it is not valid JSON (${(error as Error).message}); each line must be one JSON object` });
      return;
    }
    if (!value || typeof value !== "object" || Array.isArray(value)) {
      errors.push({ where, message: "it is not a JSON object; each line must be one object with a \"question\"" });
      return;
    }
    objects++;
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record);
    const fields = resolveColumns(keys);
    if (!fields.question) {
      errors.push({ where, message: missingFieldMessage(`This line`, "field", "question", keys).replace(/^This line/, "it") });
      return;
    }
    const row = toQuestion((field: Field) => (fields[field] === undefined ? undefined : record[fields[field]]));
    if ("problem" in row) errors.push({ where, message: row.problem, question: String(record[fields.question] ?? "").slice(0, 200) });
    else questions.push({ where, input: row.input, warnings: [] });
  });
  if (objects === 0 && errors.length === 0) throw new ImportError(`${name} is empty. Put one JSON object per line: {"question": "…", "expected_ids": ["…"]}.`);
  if (objects === 0) throw new ImportError(`${name} is not JSON Lines: ${errors[0]!.where}: ${errors[0]!.message}.`);
  return { format: "jsonl", questions, errors, notes: [] };
}

function toQuestion(get: (field: Field) => unknown): { input: QuestionInput } | { problem: string } {
  const question = get("question");
  if (typeof question !== "string") return { problem: "\"question\" must be text" };
  const expected = readExpected(get("expected_ids"));
  if ("problem" in expected) return expected;
  const phrases = readPhrases(get("key_phrases"));
  if ("problem" in phrases) return phrases;
  const flag = parseFlag(get("unanswerable"));
  if (flag === undefined) return { problem: `"unanswerable" must be true or false, not ${JSON.stringify(get("unanswerable"))}` };
  const answer = get("expected_answer");
  if (answer !== undefined && answer !== null && typeof answer !== "string") return { problem: "\"expected_answer\" must be text" };
  const id = get("id");
  if (id !== undefined && id !== null && typeof id !== "string" && typeof id !== "number") return { problem: "\"id\" must be text or a number" };
  return {
    input: {
      externalId: id === undefined || id === null || id === "" ? null : String(id),
      question: question.trim(),
      expected: expected.expected,
      expectedAnswer: answer?.trim() || null,
      keyPhrases: phrases.phrases,
      isUnanswerable: flag,
    },
  };
}

function readExpected(value: unknown): { expected: Expected } | { problem: string } {
  if (value === undefined || value === null) return { expected: {} };
  if (typeof value === "string") {
    const parsed = parseExpectedList(value);
    return parsed.problem ? { problem: parsed.problem } : { expected: parsed.expected };
  }
  if (Array.isArray(value)) {
    if (!value.every((id) => typeof id === "string" || typeof id === "number")) return { problem: "\"expected_ids\" must list ids as text" };
    return { expected: Object.fromEntries(value.map((id) => [String(id).trim(), 1]).filter(([id]) => id)) };
  }
  if (typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>);
    const bad = entries.find(([, grade]) => typeof grade !== "number" || !Number.isInteger(grade) || grade < 0 || grade > MAX_GRADE);
    if (bad) return { problem: `the grade of ${JSON.stringify(bad[0])} must be a whole number from 0 to ${MAX_GRADE}` };
    return { expected: Object.fromEntries(entries) as Expected };
  }
  return { problem: "\"expected_ids\" must be a list of ids, an object of id → grade, or text like \"a|b\"" };
}

function readPhrases(value: unknown): { phrases: string[] } | { problem: string } {
  if (value === undefined || value === null) return { phrases: [] };
  if (typeof value === "string") return { phrases: parsePhraseList(value) };
  if (Array.isArray(value) && value.every((phrase) => typeof phrase === "string")) return { phrases: dedupePhrases(value) };
  return { problem: "\"key_phrases\" must be a list of text or text like \"x|y\"" };
}
