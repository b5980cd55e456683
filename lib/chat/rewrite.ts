import "server-only";
import { generateText } from "ai";
import { chatModelFor } from "@/lib/ai/providers";
import { NO_ANSWER, type HistoryMessage } from "@/lib/ai/prompts";

const INSTRUCTIONS =
  "Rewrite the user's last question as one standalone search query, resolving words like 'it' or 'that' from the " +
  "conversation. Reply with the query only, no explanation.";

/**
 * A follow-up ("and for contractors?") rewritten into a standalone query for retrieval. Falls back to the previous
 * question plus this one when the model is slow, down, or answers with something that is not a query.
 */
export async function standaloneQuery(
  settings: { chatBaseUrl: string; chatModel: string; apiKey?: string | null },
  history: readonly HistoryMessage[],
  question: string,
  signal: AbortSignal,
): Promise<string> {
  const previousQuestion = [...history].reverse().find((message) => message.role === "user")?.content;
  const fallback = previousQuestion ? `${previousQuestion}\n${question}` : question;
  if (!previousQuestion) return question;
  const recent = history.slice(-4).map((message) => `${message.role === "user" ? "User" : "Assistant"}: ${message.content.slice(0, 1_000)}`);
  try {
    const { text } = await generateText({
      model: chatModelFor(settings),
      instructions: INSTRUCTIONS,
      prompt: `${recent.join("\n")}\nUser: ${question}\n\nStandalone query:`,
      maxOutputTokens: 64,
      temperature: 0,
      maxRetries: 0,
      abortSignal: AbortSignal.any([signal, AbortSignal.timeout(10_000)]),
    });
    const query = text.trim().replace(/^["']|["']$/g, "");
    return query && query.length < 500 && query !== NO_ANSWER ? query : fallback;
  } catch {
    return fallback;
  }
}
