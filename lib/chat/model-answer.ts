import "server-only";
import { streamText } from "ai";
import { effectiveContextWindow, type ContextWindow } from "@/lib/ai/context-window";
import { describeModelError } from "@/lib/ai/model-errors";
import { DEFAULT_INSTRUCTIONS, type HistoryMessage } from "@/lib/ai/prompts";
import { chatModelFor } from "@/lib/ai/providers";
import { loadGemmaTokenizer } from "@/lib/ai/tokenizer";
import { env } from "@/lib/env";
import { openHostedSession, type HostedKnowledgeBase, type HostedSession, type HostedSessionInput } from "@/lib/privacy/hosted-session";
import { assertEgressAllowed } from "@/lib/privacy/policy";
import { fitToWindow, type BudgetPassage, type FitResult } from "@/lib/rag/budget";

// The model half of an answer, shared by the chat (which persists it) and the API (which does not): fit the passages
// into the chat model's real context window, stream the answer, and say how it ended. Presentation (UI message parts,
// Server-Sent Events) and storage stay with the callers. For a hosted knowledge base the prompt carries its privacy
// session (lib/privacy): what leaves is masked and logged, what comes back is restored before anyone sees it.

/**
 * What a knowledge base's model calls need: nothing for a local base; for a hosted one, its privacy session. Throws
 * an AppError the user can read, before anything is stored or sent, in local-only mode or without a usable key.
 */
export async function openModelSession(kb: HostedKnowledgeBase, actor: HostedSessionInput["actor"]): Promise<HostedSession | undefined> {
  const { ENCLAVE_LOCAL_ONLY: localOnly, ENCLAVE_SECRET_KEY: secretKey } = env();
  assertEgressAllowed(kb, localOnly);
  if (kb.modelLocation !== "hosted") return undefined;
  return openHostedSession({ kb, actor, secretKey, localOnly });
}

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
  /** `messages` as they will be sent (masked for a hosted base); `passages` and `history` with the real values. */
  fit: FitResult<P>;
  /** A hosted base's privacy session: the answer is sent through it. */
  session?: HostedSession;
}

/**
 * The answer's prompt: instructions, history and passages (best first) fitted into the model's effective window. With
 * a hosted session everything is masked first, and the window is the base's setting (probing would be an unlogged call).
 */
export async function preparePrompt<P extends BudgetPassage>(
  settings: AnswerModelSettings,
  input: { history: readonly HistoryMessage[]; passages: readonly P[]; question: string },
  session?: HostedSession,
): Promise<PreparedPrompt<P>> {
  const [window, tokenizer] = await Promise.all([
    session ? ({ tokens: settings.contextWindow, source: "setting" } as const) : effectiveContextWindow(settings, { timeoutMs: env().ENCLAVE_HEALTH_TIMEOUT_MS }),
    loadGemmaTokenizer(),
  ]);
  const fit = fitToWindow({
    window: window.tokens,
    instructions: settings.answerInstructions?.trim() || DEFAULT_INSTRUCTIONS,
    history: session ? session.maskHistory(input.history) : input.history,
    passages: session ? session.maskPassages(input.passages) : input.passages,
    question: session ? session.mask(input.question) : input.question,
    countChatTokens: (messages) => tokenizer.countChatTokens(messages),
  });
  if (!session) return { window, fit };
  const restored = { passages: fit.passages.map((p) => session.restorePassage(p)), history: fit.history.map((m) => ({ ...m, content: session.restore(m.content) })) };
  return { window, fit: { ...fit, ...restored }, session };
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
 * mid-stream failure) come back as the status, with the partial text kept. `signal` is the caller's stop. Through a
 * hosted session, the deltas and the text have the real values back (a placeholder split across deltas included).
 */
export async function streamModelAnswer(
  settings: AnswerModelSettings,
  prompt: PreparedPrompt<BudgetPassage>,
  options: { signal: AbortSignal; onDelta?: (text: string) => void; temperature?: number },
): Promise<ModelAnswer> {
  const timeoutMs = env().ENCLAVE_MODEL_TIMEOUT_MS;
  const { session } = prompt;
  const restorer = session?.createRestorer();
  const result = streamText({
    model: chatModelFor(session ? session.settings("answer") : settings),
    messages: prompt.fit.messages,
    allowSystemInMessages: true,
    maxOutputTokens: Math.max(64, Math.min(1_024, prompt.window.tokens - prompt.fit.promptTokens)),
    temperature: options.temperature ?? 0.2,
    maxRetries: 0,
    abortSignal: AbortSignal.any([options.signal, AbortSignal.timeout(timeoutMs)]),
    // Errors arrive as stream parts and are handled below; the default handler would only log them again.
    onError: () => undefined,
  });

  let text = "";
  const show = (delta: string) => {
    text += delta;
    options.onDelta?.(delta);
  };
  let error: unknown;
  let finishReason: string | undefined;
  let rawFinishReason: string | undefined;
  let usage: ModelAnswer["usage"];
  try {
    for await (const part of result.fullStream) {
      if (part.type === "text-delta") {
        show(restorer ? restorer.push(part.text) : part.text);
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
  // A placeholder held back at the end (cut off, or not one after all) goes out as it is.
  const rest = restorer?.flush();
  if (rest) show(rest);
  // A hosted model counts with its own tokenizer, and refuses an over-long prompt instead of cutting it.
  if (!session) warnOnTruncation(usage?.inputTokens, prompt.fit.promptTokens, settings.chatModel);

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
