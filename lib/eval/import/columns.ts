// The fields of an evaluation question as CSV columns or JSONL keys, with the spellings people use for them.

export const FIELDS = ["question", "expected_ids", "key_phrases", "expected_answer", "unanswerable", "id"] as const;
export type Field = (typeof FIELDS)[number];

const ALIASES: Record<Field, readonly string[]> = {
  question: ["question", "query", "text"],
  expected_ids: ["expected_ids", "expected_id", "expected", "expected_sources", "source_ids", "sources"],
  key_phrases: ["key_phrases", "key_phrase", "phrases", "keywords"],
  expected_answer: ["expected_answer", "answer"],
  unanswerable: ["unanswerable", "is_unanswerable"],
  id: ["id", "_id", "query_id", "question_id"],
};

/** "Expected IDs", "expected-ids" and "expected_ids" are one name. */
export function normalizeName(name: string): string {
  return name.trim().toLowerCase().replace(/[\s-]+/g, "_");
}

/** Which of `names` holds each field (the first matching alias wins); fields not present are absent. */
export function resolveColumns(names: readonly string[]): Partial<Record<Field, string>> {
  const byNormal = new Map(names.map((name) => [normalizeName(name), name]));
  const resolved: Partial<Record<Field, string>> = {};
  for (const field of FIELDS) {
    const alias = ALIASES[field].find((candidate) => byNormal.has(candidate));
    if (alias) resolved[field] = byNormal.get(alias)!;
  }
  return resolved;
}

/** The sentence naming a missing field, with what the file does have. */
export function missingFieldMessage(file: string, kind: "column" | "field", field: Field, available: readonly string[]): string {
  const has = available.length ? `Its ${kind}s are: ${available.map((name) => JSON.stringify(name)).join(", ")}.` : `It has no ${kind}s.`;
  const also = ALIASES[field].length > 1 ? ` (or ${ALIASES[field].slice(1, 3).map((a) => JSON.stringify(a)).join(" / ")})` : "";
  return `${file} has no ${JSON.stringify(field)} ${kind}${also}. ${has}`;
}

export const SCORED_FIELDS: readonly Field[] = ["expected_ids", "key_phrases", "expected_answer", "unanswerable"];
