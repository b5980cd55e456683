import type { QuestionInput } from "../questions";

// What every import format produces: the questions it read, where each came from, and the rows it refused.

export type ImportFormat = "csv" | "jsonl" | "beir";

export interface ImportedQuestion {
  /** "row 3 (line 4)", "line 7", "query 12": where the question is in the file, for messages. */
  where: string;
  input: QuestionInput;
  /** Things to look at that do not stop the import (e.g. nothing to score: kept as a draft). */
  warnings: string[];
}

export interface ImportProblem {
  where: string;
  message: string;
  question?: string;
}

export interface ParsedImport {
  format: ImportFormat;
  questions: ImportedQuestion[];
  /** Rows refused, each with why; the other rows still come through. */
  errors: ImportProblem[];
  /** About the file as a whole (ignored columns, queries without judgements). */
  notes: string[];
}

/** A file refused as a whole (missing column, malformed JSON, wrong layout); the message says what to fix. */
export class ImportError extends Error {
  override name = "ImportError";
  constructor(
    message: string,
    readonly details: { columns?: string[]; line?: number } = {},
  ) {
    super(message);
  }
}
