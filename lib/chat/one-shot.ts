import "server-only";
import { NO_ANSWER } from "@/lib/ai/prompts";
import type { KnowledgeBaseScope } from "@/lib/auth/scope";
import type { HostedSession } from "@/lib/privacy/hosted-session";
import { retrieve, type Passage, type RetrievalMode, type RetrievalSettings } from "@/lib/rag/retrieve";
import { citedNumbers } from "./message-types";
import { preparePrompt, streamModelAnswer, type AnswerModelSettings, type ModelAnswer, type PreparedPrompt } from "./model-answer";

// A question answered without a chat, for the REST API: no history, nothing stored. The same steps as the chat's
// answer (retrieve, refuse in code when nothing clears the relevance floor, fit the real context window, stream),
// split in two so that a caller can report the passages, or a bad request, before the model is called.

export type OneShotSettings = RetrievalSettings & AnswerModelSettings;

/** A passage with the number the answer cites it by (its rank). */
export type NumberedPassage = Passage & { number: number };

export interface OneShotRetrieval {
  mode: RetrievalMode;
  notice?: string;
  /** The passages that clear the floor; when `refused`, the nearest ones found instead (none of them is evidence). */
  passages: NumberedPassage[];
  refused: boolean;
  /** Set when an answer was asked for and something clears the floor: what the model will be sent. */
  prompt?: PreparedPrompt<NumberedPassage>;
  timings: { embedMs: number; searchMs: number };
}

export interface OneShotAnswer extends Omit<ModelAnswer, "status"> {
  status: ModelAnswer["status"] | "refused";
  citedNumbers: number[];
  model: string;
}

/**
 * Retrieves the passages for `question` and, when an answer is wanted, prepares its prompt (AppError if too long);
 * `session` is a hosted base's (model-answer.ts openModelSession).
 */
export async function retrieveForAnswer(
  scope: KnowledgeBaseScope,
  settings: OneShotSettings,
  input: { question: string; k?: number; mode?: RetrievalMode; isAnswerWanted: boolean; signal?: AbortSignal; session?: HostedSession },
): Promise<OneShotRetrieval> {
  const retrieval = await retrieve(scope, settings, input.question, { k: input.k, mode: input.mode, signal: input.signal });
  const refused = retrieval.passages.length === 0;
  const passages = (refused ? retrieval.nearest : retrieval.passages).map((passage, index) => ({ ...passage, number: index + 1 }));
  const prompt = input.isAnswerWanted && !refused ? await preparePrompt(settings, { history: [], passages, question: input.question }, input.session) : undefined;
  return { mode: retrieval.mode, ...(retrieval.notice ? { notice: retrieval.notice } : {}), passages, refused, prompt, timings: retrieval.timings };
}

/** The answer to a prepared retrieval: the refusal sentence without a model call, or the model's streamed answer. */
export async function answerOneShot(
  settings: OneShotSettings,
  retrieval: OneShotRetrieval,
  options: { signal: AbortSignal; onDelta?: (text: string) => void },
): Promise<OneShotAnswer> {
  if (retrieval.refused) {
    options.onDelta?.(NO_ANSWER);
    return { text: NO_ANSWER, status: "refused", citedNumbers: [], model: settings.chatModel };
  }
  if (!retrieval.prompt) throw new Error("answerOneShot: the retrieval was made without isAnswerWanted");
  const answer = await streamModelAnswer(settings, retrieval.prompt, options);
  // Every egress event of a hosted answer is written before the API reports it.
  await retrieval.prompt.session?.finish();
  // Only numbers of passages the model was shown count as citations.
  const shown = new Set(retrieval.prompt.fit.passages.map((passage) => passage.number));
  const cited = [...citedNumbers(answer.text)].filter((number) => shown.has(number)).sort((a, b) => a - b);
  return { ...answer, citedNumbers: cited, model: settings.chatModel };
}
