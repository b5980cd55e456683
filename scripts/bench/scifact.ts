// The public BEIR SciFact set (../shared/eval/scifact), read for measurement only: it is never shipped in the product.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";

export const DEFAULT_SCIFACT_DIR = path.resolve(import.meta.dirname, "../../../shared/eval/scifact");

export interface CorpusDocument {
  sourceId: string;
  title: string;
  content: string;
}

/** The corpus of a BEIR-layout folder (`corpus.jsonl`: {_id, title, text}). */
export function loadCorpus(dir = DEFAULT_SCIFACT_DIR): CorpusDocument[] {
  const file = path.join(dir, "corpus.jsonl");
  if (!existsSync(file)) throw new Error(`No BEIR corpus at ${file}; pass --dataset <folder with corpus.jsonl>.`);
  return readFileSync(file, "utf8")
    .split("\n")
    .filter((line) => line.trim())
    .map((line) => {
      const row = JSON.parse(line) as { _id: string; title?: string; text: string };
      return { sourceId: String(row._id), title: row.title || String(row._id), content: row.text };
    });
}
