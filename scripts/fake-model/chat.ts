/**
 * POST /v1/chat/completions for both servers: validation and errors in each server's order, the silent
 * (Ollama) or loud (LM Studio) handling of over-long prompts, then the answer.
 */
import { type ChatMessage, generateAnswer } from "./answer";
import { type Completion, lmCompletion, ollamaCompletion, writeLmStudioStream, writeOllamaStream } from "./chat-writers";
import { MIDSTREAM_MESSAGE, type Reply, lmContextOverflow, lmModelNotFound, lmPlainError, ollamaModelNotFound, ollamaV1Error } from "./errors";
import { type Exchange, isRecord, send, sleep } from "./http";
import { goJsonSyntaxError, goJsonType } from "./json";
import { catalog, resolveLmStudio, resolveOllama } from "./models";
import { countPromptTokens, countTokens, cutMiddle, MESSAGE_OVERHEAD_TOKENS, splitChunks } from "./text";

/** llama.cpp's default num_keep: the first tokens that survive a context shift. */
const NUM_KEEP = 4;

/** OpenAI content may be a string or an array of parts; only text parts matter to a text model. */
function contentText(content: unknown): string {
  if (typeof content === "string") return content;
  if (!Array.isArray(content)) return "";
  return content.map((p) => (isRecord(p) && typeof p.text === "string" ? p.text : "")).join("");
}

/** Decodes messages, or returns Go's unmarshal error text for the wrong JSON type. */
export function decodeMessages(raw: unknown, goStruct: string, goField: string): ChatMessage[] | string {
  if (!Array.isArray(raw)) return `json: cannot unmarshal ${goJsonType(raw)} into Go struct field ${goStruct}.messages of type []${goField}`;
  const bad = raw.find((m) => !isRecord(m));
  if (bad !== undefined) return `json: cannot unmarshal ${goJsonType(bad)} into Go struct field ${goStruct}.messages of type ${goField}`;
  return raw.map((m: Record<string, unknown>) => ({ role: String(m.role ?? ""), content: contentText(m.content) }));
}

/**
 * Ollama's silent truncation: chatPrompt drops the oldest non-system messages while the prompt is too long
 * (system messages and the last message always stay); if the last message alone still overflows, the
 * runner keeps its first NUM_KEEP tokens and its tail, cutting the prompt to num_ctx/2 (+2, as
 * contextShiftPromptLimit does: 4096 becomes 2050).
 */
export function truncateLikeOllama(messages: ChatMessage[], numCtx: number): ChatMessage[] {
  const kept = [...messages];
  for (let i = 0; i < kept.length - 1 && countPromptTokens(kept) > numCtx; ) {
    if (kept[i]?.role === "system") i++;
    else kept.splice(i, 1);
  }
  const last = kept[kept.length - 1];
  if (!last || countPromptTokens(kept) <= numCtx) return kept;
  const others = countPromptTokens(kept) - countTokens(last.content) - MESSAGE_OVERHEAD_TOKENS;
  const budget = Math.max(NUM_KEEP + 1, Math.floor(numCtx / 2) + 2 - others - MESSAGE_OVERHEAD_TOKENS);
  return [...kept.slice(0, -1), { ...last, content: cutMiddle(last.content, NUM_KEEP, budget) }];
}

/** Applies `stop` sequences and the max_tokens cap to the generated answer. */
export function planCompletion(messages: ChatMessage[], stop: unknown, maxTokens: unknown): Pick<Completion, "chunks" | "finishReason"> {
  let answer = generateAnswer(messages);
  const stops = (Array.isArray(stop) ? stop : [stop]).filter((s): s is string => typeof s === "string" && s !== "");
  for (const s of stops) {
    const at = answer.indexOf(s);
    if (at >= 0) answer = answer.slice(0, at);
  }
  const chunks = splitChunks(answer);
  if (typeof maxTokens === "number" && maxTokens > 0 && chunks.length > maxTokens) {
    return { chunks: chunks.slice(0, maxTokens), finishReason: "length" };
  }
  return { chunks, finishReason: "stop" };
}

type Plan = { reply: Reply } | { completion: Completion; messages: ChatMessage[] };

function planOllama(ex: Exchange): Plan {
  const v1Error = (status: number, message: string, newline = true): Plan => ({ reply: ollamaV1Error(status, message, newline) });
  // Binding errors come from the gin middleware (no trailing newline); later ones from the handler.
  if (ex.parseError !== undefined) return v1Error(400, goJsonSyntaxError(ex.rawBody, ex.parseError), false);
  const body = ex.body;
  if (!isRecord(body)) return v1Error(400, `json: cannot unmarshal ${goJsonType(body)} into Go value of type openai.ChatCompletionRequest`, false);
  const decoded = decodeMessages(body.messages, "ChatCompletionRequest", "openai.Message");
  if (typeof decoded === "string") return v1Error(400, decoded, false);
  if (decoded.length === 0) return v1Error(400, "[] is too short - 'messages'", false);
  const requested = typeof body.model === "string" ? body.model : "";
  if (ex.state.failure.kind === "unknown-model") return { reply: ollamaModelNotFound(requested, false) };
  if (requested === "") return v1Error(400, "model is required");
  const model = resolveOllama(ex.state, requested);
  if (!model) return { reply: ollamaModelNotFound(requested, false) };
  if (model.kind !== "chat") return v1Error(400, `"${requested}" does not support chat`);

  const messages = truncateLikeOllama(decoded, ex.state.contextLength);
  const streamOptions = isRecord(body.stream_options) ? body.stream_options : {};
  const completion: Completion = {
    responseModel: requested,
    ...planCompletion(messages, body.stop, body.max_tokens),
    promptTokens: countPromptTokens(messages),
    includeUsage: streamOptions.include_usage === true,
  };
  return { completion, messages };
}

function planLmStudio(ex: Exchange): Plan {
  // LM Studio's wording for malformed requests was never captured; it uses its plain-string error shape.
  if (ex.parseError !== undefined) return { reply: lmPlainError(400, ex.parseError) };
  const body = ex.body;
  const decoded = isRecord(body) ? decodeMessages(body.messages, "", "") : "";
  if (!isRecord(body) || typeof decoded === "string" || decoded.length === 0) {
    return { reply: lmPlainError(400, "'messages' field is required and must be a non-empty array") };
  }
  const requested = typeof body.model === "string" ? body.model : "";
  const loaded = catalog(ex.state).map((m) => m.id);
  if (ex.state.failure.kind === "unknown-model") return { reply: lmModelNotFound(requested, loaded) };
  const model = resolveLmStudio(ex.state, requested, "chat");
  if (!model) return { reply: lmModelNotFound(requested, loaded) };

  const promptTokens = countPromptTokens(decoded);
  if (promptTokens > ex.state.contextLength) return { reply: lmContextOverflow(promptTokens, ex.state.contextLength) };
  const streamOptions = isRecord(body.stream_options) ? body.stream_options : {};
  const completion: Completion = {
    responseModel: model.id,
    ...planCompletion(decoded, body.stop, body.max_tokens),
    promptTokens,
    includeUsage: streamOptions.include_usage === true,
  };
  return { completion, messages: decoded };
}

export async function handleChatCompletions(ex: Exchange): Promise<void> {
  const flavor = ex.state.flavor;
  const plan = flavor === "lmstudio" ? planLmStudio(ex) : planOllama(ex);
  if ("reply" in plan) return send(ex.res, plan.reply);
  const { completion } = plan;
  const failure = ex.state.failure;
  if (failure.kind === "slow-first-token") await sleep(failure.delayMs, ex);
  if (ex.isClosed()) return;

  const stream = isRecord(ex.body) && ex.body.stream === true; // /v1 defaults to non-streaming
  if (failure.kind === "midstream-error") {
    if (!stream) {
      // Without a stream the handler's error surfaces as a normal 500.
      return send(ex.res, flavor === "lmstudio" ? lmPlainError(500, "Model crashed during generation") : ollamaV1Error(500, MIDSTREAM_MESSAGE));
    }
    completion.breakAfter = Math.max(0, failure.afterChunks);
  }
  if (!stream) return send(ex.res, flavor === "lmstudio" ? lmCompletion(completion) : ollamaCompletion(completion));
  if (flavor === "lmstudio") return writeLmStudioStream(ex, completion);
  return writeOllamaStream(ex, completion, flavor === "ollama-classic");
}
