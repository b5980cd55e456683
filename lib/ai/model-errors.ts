import "server-only";
import { APICallError, RetryError } from "ai";
import { displayEndpoint } from "./providers";

/** One sentence for the user about a failed chat-model call: what failed, where, and the fix. Never secrets. */
export function describeModelError(error: unknown, settings: { chatBaseUrl: string; chatModel: string }, timeoutMs?: number): string {
  const endpoint = displayEndpoint(settings.chatBaseUrl);
  const last = error instanceof RetryError ? error.lastError : error;
  if (APICallError.isInstance(last)) {
    if (last.statusCode === 404) {
      return `The model ${settings.chatModel} was not found at ${endpoint} (HTTP 404); run \`ollama pull ${settings.chatModel}\` or fix the knowledge base's chat model.`;
    }
    if (last.statusCode) return `The model endpoint ${endpoint} answered HTTP ${last.statusCode} for ${settings.chatModel}.`;
  }
  const name = (last as { name?: string }).name;
  if (name === "TimeoutError") return `The model ${settings.chatModel} at ${endpoint} did not answer within ${timeoutMs ?? "the allowed"} ms.`;
  const code = (last as { cause?: { code?: string } }).cause?.code;
  if (code === "ECONNREFUSED") {
    return `Nothing is answering at ${endpoint}: start Ollama (\`ollama serve\` and \`ollama pull ${settings.chatModel}\`) or LM Studio's server.`;
  }
  return `The model ${settings.chatModel} at ${endpoint} failed: ${(last as Error)?.message?.split("\n")[0] ?? "unknown error"}.`;
}
