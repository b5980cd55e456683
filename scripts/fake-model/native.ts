/**
 * Ollama's native API: POST /api/chat (NDJSON stream), /api/show, and the side endpoints. These bodies
 * come from gin's c.JSON (no trailing newline) except the chat ones, which follow the fixtures.
 */
import type { ChatMessage } from "./answer";
import { decodeMessages, planCompletion, truncateLikeOllama } from "./chat";
import { MIDSTREAM_MESSAGE, type Reply, ollamaModelNotFound, ollamaNativeError } from "./errors";
import { type Exchange, isRecord, ok, openStream, send, sleep } from "./http";
import { goEncode, goJson, goJsonSyntaxError, goJsonType, goTime } from "./json";
import { ollamaShow, resolveOllama } from "./models";
import { countPromptTokens } from "./text";

const NDJSON = "application/x-ndjson";
const GIN_JSON = "application/json; charset=utf-8";

export function handleShow(ex: Exchange): void {
  if (ex.parseError !== undefined) return send(ex.res, ollamaNativeError(400, goJsonSyntaxError(ex.rawBody, ex.parseError)));
  const body = isRecord(ex.body) ? ex.body : {};
  const requested = typeof body.model === "string" ? body.model : typeof body.name === "string" ? body.name : "";
  const model = resolveOllama(ex.state, requested);
  if (ex.state.failure.kind === "unknown-model" || !model) return send(ex.res, ollamaModelNotFound(requested, true));
  send(ex.res, ok(GIN_JSON, ollamaShow(model)));
}

/** The version tells clients which stream parser to use; classic builds end at v0.32.5. */
export const handleVersion = (ex: Exchange): void =>
  send(ex.res, ok(GIN_JSON, goJson({ version: ex.state.flavor === "ollama-classic" ? "0.32.5" : "0.32.15" })));

function validate(ex: Exchange): Reply | { requested: string; messages: ChatMessage[]; body: Record<string, unknown> } {
  if (ex.parseError !== undefined) return ollamaNativeError(400, goJsonSyntaxError(ex.rawBody, ex.parseError));
  const body = ex.body;
  if (!isRecord(body)) return ollamaNativeError(400, `json: cannot unmarshal ${goJsonType(body)} into Go value of type api.ChatRequest`);
  const messages = body.messages === undefined || body.messages === null ? [] : decodeMessages(body.messages, "ChatRequest", "api.Message");
  if (typeof messages === "string") return ollamaNativeError(400, messages);
  const requested = typeof body.model === "string" ? body.model : "";
  if (requested === "") return ollamaNativeError(400, "model is required");
  const model = resolveOllama(ex.state, requested);
  if (ex.state.failure.kind === "unknown-model" || !model) return ollamaModelNotFound(requested, true);
  if (model.kind !== "chat") return ollamaNativeError(400, `"${requested}" does not support chat`);
  return { requested, messages, body };
}

export async function handleNativeChat(ex: Exchange): Promise<void> {
  const checked = validate(ex);
  if ("status" in checked) return send(ex.res, checked);
  const { requested, body } = checked;
  const line = (fields: Record<string, unknown>): string => goEncode({ model: requested, created_at: goTime(), ...fields });
  if (checked.messages.length === 0) {
    // An empty chat only loads the model.
    return send(ex.res, ok(GIN_JSON, line({ message: { role: "assistant", content: "" }, done_reason: "load", done: true })));
  }
  const options = isRecord(body.options) ? body.options : {};
  const numCtx = typeof options.num_ctx === "number" ? options.num_ctx : ex.state.contextLength;
  const messages = truncateLikeOllama(checked.messages, numCtx);
  const { chunks, finishReason } = planCompletion(messages, options.stop, options.num_predict);
  const promptTokens = countPromptTokens(messages);
  const started = process.hrtime.bigint();
  const metrics = (): Record<string, number> => ({
    total_duration: Number(process.hrtime.bigint() - started) + 23456789,
    load_duration: 23456789,
    prompt_eval_count: promptTokens,
    prompt_eval_duration: promptTokens * 120000 + 1,
    eval_count: chunks.length,
    eval_duration: chunks.length * 2000000 + 1,
  });
  const failure = ex.state.failure;
  if (failure.kind === "slow-first-token") await sleep(failure.delayMs, ex);
  if (ex.isClosed()) return;

  if (body.stream === false) {
    if (failure.kind === "midstream-error") return send(ex.res, ollamaNativeError(500, MIDSTREAM_MESSAGE));
    const done = line({ message: { role: "assistant", content: chunks.join("") }, done: true, done_reason: finishReason, ...metrics() });
    return send(ex.res, ok(GIN_JSON, done));
  }
  openStream(ex, NDJSON);
  const limit = failure.kind === "midstream-error" ? Math.max(0, failure.afterChunks) : chunks.length;
  for (const [i, content] of chunks.slice(0, limit).entries()) {
    if (i > 0) await sleep(ex.state.tokenDelayMs, ex);
    if (ex.isClosed()) return;
    ex.res.write(line({ message: { role: "assistant", content }, done: false }));
  }
  if (failure.kind === "midstream-error") {
    // The status is already 200, so the error can only arrive as a last NDJSON line.
    ex.res.end(goEncode({ error: MIDSTREAM_MESSAGE }));
    return;
  }
  await sleep(ex.state.tokenDelayMs, ex);
  if (ex.isClosed()) return;
  ex.res.end(line({ message: { role: "assistant", content: "" }, done: true, done_reason: finishReason, ...metrics() }));
}
