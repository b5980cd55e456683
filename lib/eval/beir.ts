import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import type { Judgements } from "./metrics";

// A dataset in BEIR's layout: corpus.jsonl ({_id, title, text}), queries.jsonl ({_id, text}), qrels/test.tsv or
// qrels.tsv (query-id, corpus-id, score, with a header row).

export interface BeirDataset {
  name: string;
  corpus: { sourceId: string; title: string; content: string }[];
  queries: { id: string; text: string }[];
  qrels: Map<string, Judgements>;
}

/** Loads a BEIR-layout folder; only queries with judgements are kept (as BEIR evaluates). */
export function loadBeirDataset(dir: string): BeirDataset {
  const file = (name: string) => path.join(dir, name);
  const qrelsFile = [file("qrels.tsv"), file(path.join("qrels", "test.tsv"))].find(existsSync);
  for (const [label, found] of [["corpus.jsonl", existsSync(file("corpus.jsonl"))], ["queries.jsonl", existsSync(file("queries.jsonl"))], ["qrels.tsv (or qrels/test.tsv)", !!qrelsFile]] as const) {
    if (!found) throw new Error(`${dir} is not a BEIR dataset: ${label} is missing.`);
  }
  const jsonl = <T>(name: string) =>
    readFileSync(file(name), "utf8")
      .split("\n")
      .filter((line) => line.trim())
      .map((line) => JSON.parse(line) as T);
  const qrels = new Map<string, Map<string, number>>();
  for (const line of readFileSync(qrelsFile!, "utf8").split("\n").slice(1)) {
    const [queryId, docId, score] = line.trim().split(/\t/);
    if (!queryId || !docId) continue;
    if (!qrels.has(queryId)) qrels.set(queryId, new Map());
    qrels.get(queryId)!.set(docId, Number(score));
  }
  return {
    name: path.basename(path.resolve(dir)),
    corpus: jsonl<{ _id: string; title?: string; text: string }>("corpus.jsonl").map((row) => ({
      sourceId: String(row._id),
      title: row.title || String(row._id),
      content: row.text,
    })),
    queries: jsonl<{ _id: string; text: string }>("queries.jsonl")
      .map((row) => ({ id: String(row._id), text: row.text }))
      .filter((query) => qrels.has(query.id)),
    qrels,
  };
}
