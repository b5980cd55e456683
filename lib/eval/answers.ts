import "server-only";
import { checkModel } from "@/lib/ai/model-status";
import { NO_ANSWER } from "@/lib/ai/prompts";
import { preparePrompt, streamModelAnswer, type AnswerModelSettings } from "@/lib/chat/model-answer";
import { citedNumbers } from "@/lib/chat/message-types";
import { env } from "@/lib/env";
import type { Passage } from "@/lib/rag/retrieve";

// Answers for evaluation: chat's prompt, budgeting, refusal rule and model call (lib/chat/model-answer.ts), without
// persisting a chat. Temperature 0, so two runs differ because the settings differ, not by sampling. Local models
// only: run.ts skips answer metrics for a hosted knowledge base, so evaluation never sends questions out.

export type { AnswerModelSettings };

export interface EvaluationAnswer {
  text: string;
  /** Refused in code (nothing cleared the floor) or by the model; failed when the model call failed. */
  status: "answered" | "refused" | "failed";
  refusedBy?: "retrieval" | "model";
  /** The passages the answer cites by [n], with their source ids. */
  cited: { number: number; passage: Passage }[];
  error?: string;
}

/** Whether the chat model answers at all (checked once per run; answer metrics are skipped when it does not). */
export async function chatModelStatus(settings: Pick<AnswerModelSettings, "chatBaseUrl" | "chatModel">) {
  return checkModel(settings.chatBaseUrl, settings.chatModel, env().ENCLAVE_HEALTH_TIMEOUT_MS);
}

/** Answers `question` from `passages` (already through the floor and top-k) as chat would. */
export async function answerForEvaluation(settings: AnswerModelSettings, question: string, passages: readonly Passage[], signal?: AbortSignal): Promise<EvaluationAnswer> {
  if (passages.length === 0) return { text: NO_ANSWER, status: "refused", refusedBy: "retrieval", cited: [] };
  const prompt = await preparePrompt(settings, { history: [], passages, question });
  const answer = await streamModelAnswer(settings, prompt, { signal: signal ?? new AbortController().signal, temperature: 0 });
  const text = answer.text.trim();
  const numbers = citedNumbers(text);
  const cited = prompt.fit.passages.filter((passage) => numbers.has(passage.number)).map((passage) => ({ number: passage.number, passage }));
  if (answer.status !== "complete") return { text, status: "failed", cited, error: answer.error ?? "The answer was not completed." };
  return { text, status: "answered", cited };
}
