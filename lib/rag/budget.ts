import "server-only";
import type { ModelMessage } from "ai";
import { formatPassage, historyTurns, promptMessages, type HistoryMessage, type HistoryTurn } from "@/lib/ai/prompts";
import { AppError } from "@/lib/errors";

// Fits one answer's prompt into the model's context window, counted in Gemma tokens on the exact rendered template,
// because Ollama does not refuse an over-long prompt: it silently drops the middle. What goes in, in order of priority:
// the instructions and the question (always), the passages best first (the best one at least, cut at a sentence if it
// alone is too long), then earlier exchanges newest first. Whatever does not fit is dropped whole from the weak end.

export const DEFAULT_ANSWER_RESERVE = 512;

/** A retrieved passage, as ranked by retrieval; extra fields (ids, scores) are handed back untouched. */
export interface BudgetPassage {
  title: string;
  sourceId: string;
  context: string;
  text: string;
}

/** A passage that made it in: `number` is its rank (what [n] citations refer to); a cut passage has `isTruncated`. */
export type IncludedPassage<P extends BudgetPassage> = P & { number: number; isTruncated: boolean };

export interface FitResult<P extends BudgetPassage> {
  messages: ModelMessage[];
  /** In rank order; the prompt shows them best first, second best last, the rest between (see promptOrder). */
  passages: IncludedPassage<P>[];
  /** The earlier messages sent, oldest first, as sent (normalized by historyTurns). */
  history: HistoryMessage[];
  promptTokens: number;
  dropped: { passages: number; historyTurns: number };
}

/** The answer's messages, as much as fits in `window` less `answerReserve` (default 512, at most half the window). */
export function fitToWindow<P extends BudgetPassage>(input: {
  window: number;
  answerReserve?: number;
  instructions: string;
  history: readonly HistoryMessage[];
  /** Best first. */
  passages: readonly P[];
  question: string;
  /** Tokens of the whole prompt the server renders from these messages (loadGemmaTokenizer().countChatTokens). */
  countChatTokens: (messages: ModelMessage[]) => number;
}): FitResult<P> {
  const { window, instructions, question, countChatTokens: count } = input;
  if (!Number.isInteger(window) || window <= 0) throw new Error(`fitToWindow: the window must be a positive integer, not ${window}`);
  const limit = window - Math.max(0, Math.min(input.answerReserve ?? DEFAULT_ANSWER_RESERVE, Math.floor(window / 2)));
  const build = (blocks: readonly string[], turns: readonly HistoryTurn[]) => promptMessages({ instructions, blocks, turns, question });

  const base = count(build([], []));
  if (base > limit) throw tooLong(window, base, limit);

  // Every part is counted once. No Gemma piece spans a newline or a turn marker, and parts are joined only across
  // those, so a prompt's tokens are the sum of its parts plus a fixed cost per part, measured here on a stand-in.
  const emptyTurn = count([{ role: "user", content: "" }]);
  const tokensOf = (text: string) => count([{ role: "user", content: text }]) - emptyTurn;
  const x = tokensOf("x");
  const oneBlock = count(build(["x"], []));
  const firstBlockCost = oneBlock - base - x;
  const nextBlockCost = count(build(["x", "x"], [])) - oneBlock - x;
  const turnCost = count(build([], [{ user: "x", assistant: "x" }])) - base - 2 * x;

  let used = base;
  const included: (IncludedPassage<P> & { block: string })[] = [];
  for (const [i, passage] of input.passages.entries()) {
    const number = i + 1;
    const fixed = i === 0 ? firstBlockCost : nextBlockCost;
    const block = formatPassage({ ...passage, number });
    const cost = tokensOf(block) + fixed;
    if (used + cost <= limit) {
      included.push({ ...passage, number, isTruncated: false, block });
      used += cost;
      continue;
    }
    if (i === 0) {
      const cut = truncateToFit({ ...passage, number }, limit - used - fixed, tokensOf);
      if (!cut) throw tooLong(window, base, limit);
      included.push({ ...passage, number, text: cut.text, isTruncated: true, block: cut.block });
      used += cut.tokens + fixed;
    }
    break;
  }

  const turns = historyTurns(input.history);
  let keptFrom = turns.length;
  for (; keptFrom > 0; keptFrom--) {
    const turn = turns[keptFrom - 1]!;
    const cost = tokensOf(turn.user) + tokensOf(turn.assistant) + turnCost;
    if (used + cost > limit) break;
    used += cost;
  }

  let kept = turns.slice(keptFrom);
  let messages = build(promptOrder(included).map((p) => p.block), kept);
  let promptTokens = count(messages);
  // Only reached with a counter whose template is not additive: shed the same way, recounting the whole prompt.
  while (promptTokens > limit) {
    if (kept.length) kept = kept.slice(1);
    else if (included.length > 1) included.pop();
    else throw tooLong(window, promptTokens, limit);
    messages = build(promptOrder(included).map((p) => p.block), kept);
    promptTokens = count(messages);
  }

  return {
    messages,
    passages: included.map(({ block: _block, ...passage }) => passage as IncludedPassage<P>),
    history: kept.flatMap((turn): HistoryMessage[] => [
      { role: "user", content: turn.user },
      { role: "assistant", content: turn.assistant },
    ]),
    promptTokens,
    dropped: { passages: input.passages.length - included.length, historyTurns: turns.length - kept.length },
  };
}

/**
 * The order passages appear in: the best first, the second best last, the rest between in rank order
 * (1, 3, 4, …, k, 2), because models use the start and the end of a long context best ("lost in the middle").
 */
export function promptOrder<T>(ranked: readonly T[]): T[] {
  if (ranked.length < 3) return [...ranked];
  return [ranked[0]!, ...ranked.slice(2), ranked[1]!];
}

const sentences = new Intl.Segmenter(undefined, { granularity: "sentence" });

/** The passage cut to its longest run of whole sentences (or, if one sentence is too long, words) that fits. */
function truncateToFit(
  passage: BudgetPassage & { number: number },
  budget: number,
  tokensOf: (text: string) => number,
): { text: string; block: string; tokens: number } | undefined {
  const attempt = (text: string) => {
    const block = formatPassage({ ...passage, text });
    return { text, block, tokens: tokensOf(block) };
  };
  const pieces = [...sentences.segment(passage.text.trim())].map((s) => s.segment);
  const bySentence = longestPrefix(pieces.length, (k) => attempt(pieces.slice(0, k).join("").trim()), budget);
  if (bySentence) return bySentence;
  const words = (pieces[0] ?? "").split(/(?<=\s)(?=\S)/);
  return longestPrefix(words.length - 1, (k) => attempt(`${words.slice(0, k).join("").trim()} …`), budget);
}

/** Binary search for the largest k in 1..n whose attempt fits the budget (token counts grow with k). */
function longestPrefix<T extends { tokens: number }>(n: number, attempt: (k: number) => T, budget: number): T | undefined {
  let best: T | undefined;
  let [low, high] = [1, n];
  while (low <= high) {
    const k = Math.floor((low + high) / 2);
    const candidate = attempt(k);
    if (candidate.tokens <= budget) [best, low] = [candidate, k + 1];
    else high = k - 1;
  }
  return best;
}

function tooLong(window: number, promptTokens: number, limit: number): AppError {
  return new AppError("invalid_input", `The question is too long for the model's context window (${window} tokens); shorten it.`, {
    window,
    promptTokens,
    limit,
  });
}
