import "server-only";
import { streamText } from "ai";
import { effectiveContextWindow, type ContextWindow } from "@/lib/ai/context-window";
import { describeModelError } from "@/lib/ai/model-errors";
import { DEFAULT_INSTRUCTIONS, type HistoryMessage } from "@/lib/ai/prompts";
import { chatModelFor } from "@/lib/ai/providers";
import { loadGemmaTokenizer } from "@/lib/ai/tokenizer";
import { env } from "@/lib/env";
import { fitToWindow, type BudgetPassage, type FitResult } from "@/lib/rag/budget";

// The model half of an answer, shared by the chat (which persists it) and the API (which does not): fit the passages
// into the chat model's real context window, stream the answer, and say how it ended. Presentation (UI message parts,
// Server-Sent Events) and storage stay with the callers.

/** The knowledge-base settings an answer needs. */
export interface AnswerModelSettings {
  chatBaseUrl: string;
  chatModel: string;
  apiKey?: string | null;
  contextWindow: number;
  answerInstructions: string | null;
}

export interface PreparedPrompt<P extends BudgetPassage> {
  window: ContextWindow;
  fit: FitResult<P>;
}

/** The answer's prompt: instructions, history and passages (best first) fitted into the model's effective window. */
export async function preparePrompt<P extends BudgetPassage>(
  settings: AnswerModelSettings,
  input: { history: readonly HistoryMessage[]; passages: readonly P[]; question: string },
): Promise<PreparedPrompt<P>> {
  const [window, tokenizer] = await Promise.all([
    effectiveContextWindow(settings, { timeoutMs: env().ENCLAVE_HEALTH_TIMEOUT_MS }),
    loadGemmaTokenizer(),
  ]);
  const fit = fitToWindow({
    window: window.tokens,
    instructions: settings.answerInstructions?.trim() || DEFAULT_INSTRUCTIONS,
    history: input.history,
    passages: input.passages,
    question: input.question,
    countChatTokens: (messages) => tokenizer.countChatTokens(messages),
  });
  return { window, fit };
}

export type ModelAnswerStatus = "complete" | "incomplete" | "failed" | "stopped";

export interface ModelAnswer {
  text: string;
  status: ModelAnswerStatus;
  /** Why the answer is incomplete or failed: one sentence safe to show (describeModelError). */
  error?: string;
  usage?: { inputTokens?: number; outputTokens?: number };
}

/**
 * Streams the model's answer to a prepared prompt, handing each piece of text to `onDelta`. Never throws for a
 * model failure: a refused connection, an HTTP error, a timeout or a stream cut without its finish chunk (Ollama's
 * mid-stream failure) come back as the status, with the partial text kept. `signal` is the caller's stop.
 */
export async function streamModelAnswer(
  settings: AnswerModelSettings,
  prompt: PreparedPrompt<BudgetPassage>,
  options: { signal: AbortSignal; onDelta?: (text: string) => void },
): Promise<ModelAnswer> {
  const timeoutMs = env().ENCLAVE_MODEL_TIMEOUT_MS;
  const result = streamText({
    model: chatModelFor(settings),
    messages: prompt.fit.messages,
    allowSystemInMessages: true,
    maxOutputTokens: Math.max(64, Math.min(1_024, prompt.window.tokens - prompt.fit.promptTokens)),
    temperature: 0.2,
    maxRetries: 0,
    abortSignal: AbortSignal.any([options.signal, AbortSignal.timeout(timeoutMs)]),
    // Errors arrive as stream parts and are handled below; the default handler would only log them again.
    onError: () => undefined,
  });

  let text = "";
  let error: unknown;
  let finishReason: string | undefined;
  let rawFinishReason: string | undefined;
  let usage: ModelAnswer["usage"];
  try {
    for await (const part of result.fullStream) {
      if (part.type === "text-delta") {
        text += part.text;
        options.onDelta?.(part.text);
      } else if (part.type === "finish") {
        finishReason = part.finishReason;
        rawFinishReason = part.rawFinishReason;
        usage = { inputTokens: part.totalUsage.inputTokens, outputTokens: part.totalUsage.outputTokens };
      } else if (part.type === "error") {
        error = part.error;
      }
    }
  } catch (thrown) {
    error ??= thrown;
  }
  warnOnTruncation(usage?.inputTokens, prompt.fit.promptTokens, settings.chatModel);

  const withUsage = usage ? { usage } : {};
  if (options.signal.aborted) return { text, status: "stopped", ...withUsage };
  if (error || !text) {
    const reason = error ? describeModelError(error, settings, timeoutMs) : `The model ${settings.chatModel} returned no answer.`;
    return { text, status: text ? "incomplete" : "failed", error: reason, ...withUsage };
  }
  if (rawFinishReason === undefined || finishReason === "length" || finishReason === "error") {
    const reason = finishReason === "length" ? "The answer reached the length limit." : "The model stopped mid-answer.";
    return { text, status: "incomplete", error: reason, ...withUsage };
  }
  return { text, status: "complete", ...withUsage };
}

/** Ollama cuts over-long prompts silently; its prompt_tokens is the only witness. */
function warnOnTruncation(reported: number | undefined, counted: number, model: string) {
  if (reported === undefined || counted === 0) return;
  if (Math.abs(reported - counted) / counted > 0.05) {
    console.warn(`chat: ${model} reported ${reported} prompt tokens, Enclave counted ${counted}; check the context window or the chat template.`);
  }
}
