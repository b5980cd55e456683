import { isScorable, questionKey, questionProblems } from "../questions";
import { parseBeirQuestions } from "./beir";
import { parseQuestionsCsv } from "./csv";
import { parseQuestionsJsonl } from "./jsonl";
import { ImportError, type ParsedImport } from "./types";

export { ImportError } from "./types";
export type { ImportFormat, ImportProblem, ImportedQuestion, ParsedImport } from "./types";

export interface ImportFile {
  name: string;
  text: string;
}

export const MAX_IMPORT_QUESTIONS = 10_000;

/**
 * Reads an evaluation set from uploaded files: one CSV, one JSONL, or a BEIR pair (queries.jsonl + a qrels .tsv; a
 * corpus.jsonl beside them is ignored). Rows that break a rule are moved to `errors`, each with where and why.
 */
export function parseImport(files: readonly ImportFile[]): ParsedImport {
  const usable = files.filter((file) => !/(^|\/)corpus\.jsonl$/i.test(file.name));
  const ignoredCorpus = usable.length < files.length ? ["corpus.jsonl was ignored: the documents must already be in the knowledge base (add them on its Documents page)."] : [];
  const tsv = usable.filter((file) => /\.(tsv|txt)$/i.test(file.name));
  let parsed: ParsedImport;
  if (tsv.length > 0) {
    const queries = usable.find((file) => /\.jsonl?$/i.test(file.name));
    if (!queries || tsv.length > 1) throw new ImportError("A BEIR set is two files: queries.jsonl and one qrels file (e.g. qrels/test.tsv). Choose exactly those two.");
    parsed = parseBeirQuestions(queries.text, tsv[0]!.text, { queries: queries.name, qrels: tsv[0]!.name });
  } else {
    if (usable.length !== 1) throw new ImportError(usable.length === 0 ? "Choose a CSV or JSONL file of questions, or a BEIR queries.jsonl with its qrels .tsv." : "Choose one CSV or JSONL file (or, for BEIR, queries.jsonl and its qrels .tsv).");
    const file = usable[0]!;
    if (/\.csv$/i.test(file.name)) parsed = parseQuestionsCsv(file.text, file.name);
    else if (/\.jsonl?$|\.ndjson$/i.test(file.name)) parsed = parseQuestionsJsonl(file.text, file.name);
    else throw new ImportError(`${JSON.stringify(file.name)} is neither CSV (.csv) nor JSON Lines (.jsonl); BEIR sets are queries.jsonl plus a qrels .tsv.`);
  }
  return checkQuestions({ ...parsed, notes: [...ignoredCorpus, ...parsed.notes] });
}

/** Applies the rules every format shares: valid fields, no question twice, drafts flagged. */
export function checkQuestions(parsed: ParsedImport): ParsedImport {
  if (parsed.questions.length > MAX_IMPORT_QUESTIONS) {
    throw new ImportError(`The file has ${parsed.questions.length.toLocaleString("en")} questions; import at most ${MAX_IMPORT_QUESTIONS.toLocaleString("en")} at a time.`);
  }
  const errors = [...parsed.errors];
  const firstSeen = new Map<string, string>();
  const questions = parsed.questions.filter((entry) => {
    const problems = questionProblems(entry.input);
    if (problems.length > 0) {
      errors.push({ where: entry.where, message: problems.join("; "), question: entry.input.question.slice(0, 200) });
      return false;
    }
    const key = questionKey(entry.input);
    const earlier = firstSeen.get(key);
    if (earlier) {
      errors.push({ where: entry.where, message: `the same ${entry.input.externalId ? "id" : "question"} as ${earlier}`, question: entry.input.question.slice(0, 200) });
      return false;
    }
    firstSeen.set(key, entry.where);
    if (!isScorable(entry.input)) entry.warnings.push("nothing to score: no expected ids, key phrases or expected answer, and not marked unanswerable (kept as a draft, left out of the metrics)");
    return true;
  });
  return { ...parsed, questions, errors };
}

/** What to do with a question whose expected ids are not all in the knowledge base. */
export type UnknownIdPolicy = "warn" | "reject";

/**
 * Checks expected ids against the base's documents. "warn" keeps the question (and the id: the document may be added
 * later, and dropping it would inflate recall) with a warning; "reject" refuses the question. Either way it is reported.
 */
export function checkSourceIds(parsed: ParsedImport, known: ReadonlySet<string>, policy: UnknownIdPolicy): ParsedImport {
  const errors = [...parsed.errors];
  const questions = parsed.questions.filter((entry) => {
    const unknown = Object.keys(entry.input.expected).filter((id) => !known.has(id));
    if (unknown.length === 0) return true;
    const list = unknown.slice(0, 10).map((id) => JSON.stringify(id)).join(", ") + (unknown.length > 10 ? `, and ${unknown.length - 10} more` : "");
    const message = `expected ${unknown.length === 1 ? "id" : "ids"} not in the knowledge base: ${list}`;
    if (policy === "reject") {
      errors.push({ where: entry.where, message, question: entry.input.question.slice(0, 200) });
      return false;
    }
    entry.warnings.push(message);
    return true;
  });
  return { ...parsed, questions, errors };
}
