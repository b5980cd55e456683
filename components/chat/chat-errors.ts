import type { AnswerStatus, ChatUIMessage } from "@/lib/chat/message-types";

/**
 * What to tell the user about a failed request. The chat route answers errors before streaming as JSON
 * (`{ error: { message } }`), which the AI SDK hands over as the error's message; errors while streaming are text.
 */
export function errorText(error: Error): string {
  try {
    const body = JSON.parse(error.message) as { error?: { message?: unknown } };
    if (typeof body.error?.message === "string") return body.error.message;
  } catch {
    // Not JSON: a stream error's own text, or the browser's.
  }
  if (/failed to fetch|networkerror|load failed/i.test(error.message)) return "Enclave could not be reached. Check your connection and try again.";
  return error.message || "Something went wrong. Try again.";
}

/** The message with its answer status (and error) replaced, as the route will have stored it. */
export function withStatus(message: ChatUIMessage, status: AnswerStatus, error?: string): ChatUIMessage {
  return { ...message, metadata: { ...message.metadata, status, ...(error ? { error } : {}) } };
}
