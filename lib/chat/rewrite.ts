import "server-only";
import { generateText } from "ai";
import { chatModelFor, type ChatModelSettings } from "@/lib/ai/providers";
import { NO_ANSWER, type HistoryMessage } from "@/lib/ai/prompts";
import type { HostedSession } from "@/lib/privacy/hosted-session";

const INSTRUCTIONS =
  "Rewrite the user's last question as one standalone search query, resolving words like 'it' or 'that' from the " +
  "conversation. Reply with the query only, no explanation.";

/**
 * A follow-up ("and for contractors?") rewritten into a standalone query for retrieval. Falls back to the previous
 * question plus this one when the model is slow, down, or answers with something that is not a query. Through a hosted
 * session the conversation is masked before it leaves and the query comes back with the real values (retrieval is local).
 */
export async function standaloneQuery(
  settings: ChatModelSettings,
  history: readonly HistoryMessage[],
  question: string,
  signal: AbortSignal,
  session?: HostedSession,
): Promise<string> {
  const previousQuestion = [...history].reverse().find((message) => message.role === "user")?.content;
  const fallback = previousQuestion ? `${previousQuestion}\n${question}` : question;
  if (!previousQuestion) return question;
  // Masked before it is cut: a value cut in half would no longer be recognised.
  const mask = (text: string) => (session ? session.mask(text) : text);
  const recent = history.slice(-4).map((message) => `${message.role === "user" ? "User" : "Assistant"}: ${mask(message.content).slice(0, 1_000)}`);
  try {
    const { text } = await generateText({
      model: chatModelFor(session ? session.settings("rewrite") : settings),
      instructions: INSTRUCTIONS,
      prompt: `${recent.join("\n")}\nUser: ${mask(question)}\n\nStandalone query:`,
      maxOutputTokens: 64,
      temperature: 0,
      maxRetries: 0,
      abortSignal: AbortSignal.any([signal, AbortSignal.timeout(10_000)]),
    });
    const query = (session ? session.restore(text) : text).trim().replace(/^["']|["']$/g, "");
    return query && query.length < 500 && query !== NO_ANSWER ? query : fallback;
  } catch {
    return fallback;
  }
}
