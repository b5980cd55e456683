import "server-only";
import type { KnowledgeBaseScope } from "@/lib/auth/scope";
import { createSet, existingSourceIds, getSet, upsertQuestions } from "@/lib/db/evaluation-sets";
import { AppError } from "@/lib/errors";
import { checkSourceIds, ImportError, parseImport, type ImportFile, type ImportFormat, type ImportProblem, type UnknownIdPolicy } from "./import";

// Importing questions into a set: parse, check the expected ids against the base's documents, then add (or update)
// the questions that passed in one transaction. Refused rows are reported one by one; the rest still come in.

export interface ImportReport {
  setId: string;
  format: ImportFormat;
  added: number;
  updated: number;
  unchanged: number;
  errors: ImportProblem[];
  warnings: { where: string; question: string; messages: string[] }[];
  notes: string[];
}

export interface ImportTarget {
  /** An existing set of the scope's base, or a new one by name. */
  setId?: string;
  newSet?: { name: string; description?: string | null };
}

/** Imports questions from files into a set; AppError (with every refused row in `details.errors`) when nothing passes. */
export async function importQuestions(
  scope: KnowledgeBaseScope,
  target: ImportTarget,
  files: readonly ImportFile[],
  options: { unknownIds: UnknownIdPolicy; createdById: string | null },
): Promise<ImportReport> {
  let parsed;
  try {
    parsed = parseImport(files);
  } catch (error) {
    if (error instanceof ImportError) throw new AppError("invalid_input", error.message, { ...error.details });
    throw error;
  }
  const known = await existingSourceIds(scope, parsed.questions.flatMap((entry) => Object.keys(entry.input.expected)));
  parsed = checkSourceIds(parsed, known, options.unknownIds);
  if (parsed.questions.length === 0) {
    const first = parsed.errors.slice(0, 3).map((problem) => `${problem.where}: ${problem.message}`).join("; ");
    throw new AppError("invalid_input", `Nothing was imported: every question was refused (${parsed.errors.length}). ${first}${parsed.errors.length > 3 ? "; …" : ""}.`, { errors: parsed.errors });
  }
  const setId = target.setId ? (await getSet(scope, target.setId)).id : (await createSet(scope, target.newSet ?? { name: "Imported questions" }, options.createdById)).id;
  const counts = await upsertQuestions(scope, setId, parsed.questions);
  return {
    setId,
    format: parsed.format,
    ...counts,
    errors: parsed.errors,
    warnings: parsed.questions.filter((entry) => entry.warnings.length).map((entry) => ({ where: entry.where, question: entry.input.question.slice(0, 200), messages: entry.warnings })),
    notes: parsed.notes,
  };
}

/** One line for the importer: what came in and what did not. */
export function importSummary(report: ImportReport): string {
  const parts = [`${report.added} added`, `${report.updated} updated`, `${report.unchanged} unchanged`];
  if (report.errors.length) parts.push(`${report.errors.length} refused`);
  if (report.warnings.length) parts.push(`${report.warnings.length} with warnings`);
  return `Imported ${report.format.toUpperCase()}: ${parts.join(", ")}.`;
}
