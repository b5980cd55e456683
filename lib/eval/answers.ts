import "server-only";
import { generateText } from "ai";
import { effectiveContextWindow } from "@/lib/ai/context-window";
import { describeModelError } from "@/lib/ai/model-errors";
import { checkModel } from "@/lib/ai/model-status";
import { DEFAULT_INSTRUCTIONS, NO_ANSWER } from "@/lib/ai/prompts";
import { chatModelFor } from "@/lib/ai/providers";
import { loadGemmaTokenizer } from "@/lib/ai/tokenizer";
import { citedNumbers } from "@/lib/chat/message-types";
import { env } from "@/lib/env";
import { fitToWindow } from "@/lib/rag/budget";
import type { Passage } from "@/lib/rag/retrieve";

// Answers for evaluation: the same prompt, budgeting and refusal rule as chat (lib/chat/answer.ts), without streaming
// or persisting a chat. Temperature 0, so two runs differ because the settings differ, not by sampling.

export interface AnswerModelSettings {
  chatBaseUrl: string;
  chatModel: string;
  contextWindow: number;
  answerInstructions: string | null;
}

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
  const window = await effectiveContextWindow(settings, { timeoutMs: env().ENCLAVE_HEALTH_TIMEOUT_MS });
  const tokenizer = await loadGemmaTokenizer();
  const fit = fitToWindow({
    window: window.tokens,
    instructions: settings.answerInstructions?.trim() || DEFAULT_INSTRUCTIONS,
    history: [],
    passages,
    question,
    countChatTokens: (messages) => tokenizer.countChatTokens(messages),
  });
  const timeoutMs = env().ENCLAVE_MODEL_TIMEOUT_MS;
  try {
    const result = await generateText({
      model: chatModelFor({ ...settings, apiKey: null }),
      messages: fit.messages,
      allowSystemInMessages: true,
      maxOutputTokens: Math.max(64, Math.min(1_024, window.tokens - fit.promptTokens)),
      temperature: 0,
      maxRetries: 1,
      abortSignal: signal ? AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]) : AbortSignal.timeout(timeoutMs),
    });
    const text = result.text.trim();
    const numbers = citedNumbers(text);
    const cited = fit.passages.filter((passage) => numbers.has(passage.number)).map((passage) => ({ number: passage.number, passage }));
    if (!text) return { text, status: "failed", cited, error: `The model ${settings.chatModel} returned no answer.` };
    return { text, status: "answered", cited };
  } catch (error) {
    return { text: "", status: "failed", cited: [], error: describeModelError(error, settings, timeoutMs) };
  }
}
