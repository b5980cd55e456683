import { normalizeText } from "./questions";

// Answer metrics: does the answer say what it should (key phrases), does it cite the right sources, and does it refuse
// when the knowledge base cannot answer. Pure functions, so the arithmetic is tested on hand-computed cases.

/** The refusal Enclave's prompt asks for; a model may wrap it in other words, so it is matched loosely. */
const REFUSAL = normalizeText("I don't have enough information to answer that");

/** Whether an answer is the prompt's refusal. */
export function isRefusal(answer: string): boolean {
  const text = normalizeText(answer);
  return text.includes(REFUSAL) || text.includes(normalizeText("I do not have enough information"));
}

/**
 * Share of the key phrases the answer contains (case, punctuation and spacing ignored, whole words). With no key phrases
 * but an expected answer, that answer is the one phrase. Undefined when there is nothing to match.
 */
export function phraseMatch(answer: string, keyPhrases: readonly string[], expectedAnswer?: string | null): number | undefined {
  const phrases = keyPhrases.length > 0 ? keyPhrases : expectedAnswer?.trim() ? [expectedAnswer] : [];
  const wanted = phrases.map(normalizeText).filter(Boolean);
  if (wanted.length === 0) return undefined;
  const text = ` ${normalizeText(answer)} `;
  return wanted.filter((phrase) => text.includes(` ${phrase} `)).length / wanted.length;
}

/**
 * Cited passages that belong to an expected (relevant) source, over all cited passages. Undefined when the answer
 * cites nothing or the question has no relevant sources: precision is not defined there.
 */
export function citationPrecision(citedSourceIds: readonly string[], relevant: ReadonlySet<string>): number | undefined {
  if (citedSourceIds.length === 0 || relevant.size === 0) return undefined;
  return citedSourceIds.filter((id) => relevant.has(id)).length / citedSourceIds.length;
}
