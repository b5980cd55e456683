// An evaluation question as Enclave stores it, and the checks every way of creating one shares (the editor's form,
// CSV, JSONL and BEIR imports, thumbs-down feedback). No "server-only": the UI shows the same limits.

/** Expected documents by source id with their graded relevance (> 0 relevant, 0 judged not relevant). */
export type Expected = Record<string, number>;

export interface QuestionInput {
  /** The question's id in the file it came from; importing again updates the question with this id. */
  externalId?: string | null;
  question: string;
  expected: Expected;
  expectedAnswer?: string | null;
  keyPhrases: string[];
  isUnanswerable: boolean;
}

export const MAX_QUESTION_LENGTH = 4_000;
export const MAX_GRADE = 100;
export const MAX_EXPECTED_IDS = 200;
export const MAX_KEY_PHRASES = 50;

/** The source ids a question counts as relevant (grade > 0). */
export function relevantIds(expected: Expected): string[] {
  return Object.entries(expected)
    .filter(([, grade]) => grade > 0)
    .map(([id]) => id);
}

/** Whether anything about the question can be scored; a question with nothing expected is a draft. */
export function isScorable(question: Pick<QuestionInput, "expected" | "keyPhrases" | "expectedAnswer" | "isUnanswerable">): boolean {
  return question.isUnanswerable || relevantIds(question.expected).length > 0 || question.keyPhrases.length > 0 || !!question.expectedAnswer?.trim();
}

/**
 * Expected ids from text: ids separated by `|`, each optionally graded as `id=2` (default 1). Returns the ids and any
 * problem as a sentence.
 */
export function parseExpectedList(text: string): { expected: Expected; problem?: string } {
  const expected: Expected = {};
  for (const raw of text.split("|")) {
    const entry = raw.trim();
    if (!entry) continue;
    const graded = /^(.*\S)\s*=\s*(\d+)$/.exec(entry);
    const [id, grade] = graded ? [graded[1]!.trim(), Number(graded[2])] : [entry, 1];
    if (grade > MAX_GRADE) return { expected, problem: `the grade of ${JSON.stringify(id)} is ${grade}; grades go from 0 to ${MAX_GRADE}` };
    expected[id] = grade;
  }
  return { expected };
}

/** Key phrases from text separated by `|`, trimmed, empty ones dropped, duplicates (ignoring case) removed. */
export function parsePhraseList(text: string): string[] {
  return dedupePhrases(text.split("|"));
}

export function dedupePhrases(phrases: readonly string[]): string[] {
  const seen = new Set<string>();
  const kept: string[] = [];
  for (const phrase of phrases.map((p) => p.replace(/\s+/g, " ").trim())) {
    const key = phrase.toLowerCase();
    if (!phrase || seen.has(key)) continue;
    seen.add(key);
    kept.push(phrase);
  }
  return kept;
}

const TRUE = new Set(["true", "yes", "y", "1", "x"]);
const FALSE = new Set(["false", "no", "n", "0", ""]);

/** "yes"/"no" and their spellings; undefined when the value is none of them. */
export function parseFlag(value: unknown): boolean | undefined {
  if (typeof value === "boolean") return value;
  if (value === null || value === undefined) return false;
  if (typeof value === "number") return value === 1 ? true : value === 0 ? false : undefined;
  const text = String(value).trim().toLowerCase();
  if (TRUE.has(text)) return true;
  if (FALSE.has(text)) return false;
  return undefined;
}

/** The problems that make a question unusable (as sentences), or none. */
export function questionProblems(question: QuestionInput): string[] {
  const problems: string[] = [];
  if (!question.question.trim()) problems.push("the question is empty");
  else if (question.question.length > MAX_QUESTION_LENGTH) problems.push(`the question is longer than ${MAX_QUESTION_LENGTH.toLocaleString("en")} characters`);
  const ids = Object.keys(question.expected);
  if (ids.length > MAX_EXPECTED_IDS) problems.push(`it lists ${ids.length} expected ids; at most ${MAX_EXPECTED_IDS} are allowed`);
  for (const [id, grade] of Object.entries(question.expected)) {
    if (!Number.isInteger(grade) || grade < 0 || grade > MAX_GRADE) problems.push(`the grade of ${JSON.stringify(id)} must be a whole number from 0 to ${MAX_GRADE}`);
    if (id.length > 512) problems.push(`an expected id is longer than 512 characters`);
  }
  if (question.keyPhrases.length > MAX_KEY_PHRASES) problems.push(`it has ${question.keyPhrases.length} key phrases; at most ${MAX_KEY_PHRASES} are allowed`);
  if (question.isUnanswerable && relevantIds(question.expected).length > 0) {
    problems.push("it is marked unanswerable but lists expected ids: an unanswerable question has no source; remove one or the other");
  }
  return problems;
}

/** How a question is matched on a second import: its external id, else its text (case and spacing ignored). */
export function questionKey(question: Pick<QuestionInput, "externalId" | "question">): string {
  return question.externalId ? `id:${question.externalId}` : `text:${normalizeText(question.question)}`;
}

/** Lower case, letters and digits only, single spaces: for matching phrases and questions loosely. */
export function normalizeText(text: string): string {
  return text
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[’‘`]/g, "'")
    .replace(/[^\p{L}\p{N}']+/gu, " ")
    .trim();
}
