import type { Expected } from "../questions";
import { ImportError, type ImportProblem, type ImportedQuestion, type ParsedImport } from "./types";

// A BEIR-layout set: queries.jsonl ({"_id", "text"}) and qrels (query-id, corpus-id, score; tab-separated, usually
// with a header). Only judged queries become questions, as BEIR evaluates; the corpus must already be in the base.

/** Questions from a BEIR queries file and its relevance judgements. */
export function parseBeirQuestions(queriesText: string, qrelsText: string, names = { queries: "queries.jsonl", qrels: "qrels.tsv" }): ParsedImport {
  const errors: ImportProblem[] = [];
  const qrels = new Map<string, Expected>();
  qrelsText.split("\n").forEach((line, index) => {
    if (!line.trim()) return;
    const cells = line.trim().split(/\t|\s+/);
    const [queryId, docId, score] = cells.length >= 4 ? [cells[0], cells[2], cells[3]] : cells; // TREC: qid 0 docid score
    const grade = Number(score);
    if (index === 0 && !Number.isFinite(grade)) return; // the header row
    if (!queryId || !docId || !Number.isInteger(grade) || grade < 0) {
      errors.push({ where: `${names.qrels} line ${index + 1}`, message: "expected query-id, corpus-id and a whole-number score separated by tabs" });
      return;
    }
    qrels.set(queryId, { ...qrels.get(queryId), [docId]: grade });
  });
  if (qrels.size === 0) throw new ImportError(`${names.qrels} has no judgements (lines of query-id, corpus-id, score).`);

  const questions: ImportedQuestion[] = [];
  const seen = new Set<string>();
  let unjudged = 0;
  queriesText.split("\n").forEach((line, index) => {
    if (!line.trim()) return;
    const where = `${names.queries} line ${index + 1}`;
    let row: { _id?: unknown; text?: unknown };
    try {
      row = JSON.parse(line) as typeof row;
    } catch (error) {
      errors.push({ where, message: `it is not valid JSON (${(error as Error).message})` });
      return;
    }
    if ((typeof row._id !== "string" && typeof row._id !== "number") || typeof row.text !== "string") {
      errors.push({ where, message: "each query needs \"_id\" and \"text\"" });
      return;
    }
    const id = String(row._id);
    const expected = qrels.get(id);
    if (!expected) {
      unjudged++;
      return;
    }
    seen.add(id);
    questions.push({ where: `query ${id}`, input: { externalId: id, question: row.text.trim(), expected, expectedAnswer: null, keyPhrases: [], isUnanswerable: false }, warnings: [] });
  });
  const orphans = [...qrels.keys()].filter((id) => !seen.has(id));
  const notes = [
    ...(unjudged ? [`${unjudged} queries without judgements in ${names.qrels} were skipped (BEIR evaluates judged queries only).`] : []),
    ...(orphans.length ? [`${orphans.length} judged query ids are not in ${names.queries} and were ignored: ${orphans.slice(0, 10).join(", ")}${orphans.length > 10 ? ", …" : ""}.`] : []),
  ];
  if (questions.length === 0) throw new ImportError(`No query of ${names.queries} has judgements in ${names.qrels}; check that both files belong to the same dataset.`);
  return { format: "beir", questions, errors, notes };
}
