/**
 * Error bodies, byte for byte as tests/protocol (copied from the shared protocol notes)/errors.json records them. The trailing newline
 * matters: Ollama's /v1 writers use json.Encoder (newline), its gin middleware aborts do not.
 */
import { goEncode, goJson } from "./json";

export interface Reply {
  status: number;
  contentType: string;
  body: string;
}

const GIN_JSON = "application/json; charset=utf-8";
const LMSTUDIO_JSON = "application/json";

/** Ollama's openai.NewError: the type follows only from the status; code is always null. */
export function ollamaV1Error(status: number, message: string, newline = true): Reply {
  const type = status === 400 ? "invalid_request_error" : status === 404 ? "not_found_error" : "api_error";
  const error = { error: { message, type, param: null, code: null } };
  return { status, contentType: GIN_JSON, body: newline ? goEncode(error) : goJson(error) };
}

/** Ollama's native endpoints answer gin.H{"error": ...} through c.JSON: no newline. */
export function ollamaNativeError(status: number, message: string): Reply {
  return { status, contentType: GIN_JSON, body: goJson({ error: message }) };
}

export const ollamaModelNotFound = (model: string, native: boolean): Reply =>
  native ? ollamaNativeError(404, `model '${model}' not found`) : ollamaV1Error(404, `model '${model}' not found`);

/** LM Studio's model errors use the OpenAI shape with param "model" and code "model_not_found". */
export function lmOpenAiError(status: number, message: string, param: string | null, code: string | null): Reply {
  const error = { error: { message, type: "invalid_request_error", param, code } };
  return { status, contentType: LMSTUDIO_JSON, body: JSON.stringify(error) };
}

/** LM Studio's other errors (context overflow, ...) are a plain string under "error". */
export function lmPlainError(status: number, message: string): Reply {
  return { status, contentType: LMSTUDIO_JSON, body: JSON.stringify({ error: message }) };
}

export function lmModelNotFound(requested: string, loaded: readonly string[]): Reply {
  if (loaded.length === 0) {
    return lmOpenAiError(
      404,
      "No models loaded. Please load a model in the developer page or use the `lms load` command.",
      "model",
      "model_not_found",
    );
  }
  const message = `Model "${requested}" not found. Please specify a valid model.\n\nYour models:\n\n${loaded.join("\n")}`;
  return lmOpenAiError(404, message, "model", "model_not_found");
}

/** LM Studio 0.3.x wording (the flavor imitates 0.3.18+); the typo "context the overflows" is LM Studio's. */
export function lmContextOverflow(promptTokens: number, contextLength: number): Reply {
  return lmPlainError(
    400,
    `Trying to keep the first ${promptTokens} tokens when context the overflows. However, the model is loaded with ` +
      `context length of only ${contextLength} tokens, which is not enough. Try to load the model with a larger ` +
      "context length, or provide a shorter input",
  );
}

/** Gin's default for unknown routes. */
export const ollamaNoRoute = (): Reply => ({ status: 404, contentType: "text/plain", body: "404 page not found" });

/** LM Studio answers unknown routes with a JSON error (and status 200). */
export const lmNoRoute = (method: string, path: string): Reply => ({
  status: 200,
  contentType: LMSTUDIO_JSON,
  body: JSON.stringify({ error: `Unexpected endpoint or method. (${method} ${path})` }),
});

export const EMBEDDINGS_DOWN_MESSAGE = "failed to generate embedding";
export const MIDSTREAM_MESSAGE = "an error was encountered while running the model: unexpected EOF";
