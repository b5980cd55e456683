/**
 * Response writers for /v1/chat/completions, one per server generation, following the fixtures in
 * tests/protocol (copied from the shared protocol notes)/fixtures chunk for chunk.
 */
import { randomInt } from "node:crypto";
import type { Reply } from "./errors";
import { type Exchange, nowSeconds, openStream, sleep } from "./http";
import { goEncode, goJson, lmJson } from "./json";

export interface Completion {
  /** Ollama echoes the requested name; LM Studio names the loaded model. */
  responseModel: string;
  chunks: string[];
  finishReason: "stop" | "length";
  promptTokens: number;
  includeUsage: boolean;
  /** Set under the midstream-error failure: content chunks to send before the stream breaks. */
  breakAfter?: number;
}

const usageOf = (c: Completion) => ({
  prompt_tokens: c.promptTokens,
  completion_tokens: c.chunks.length,
  total_tokens: c.promptTokens + c.chunks.length,
});

const text = (c: Completion): string => c.chunks.join("");

/** Ollama ids are chatcmpl-<0..998>; they collide, which clients must tolerate. */
const ollamaId = (): string => `chatcmpl-${randomInt(999)}`;

const LM_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
const lmId = (): string => `chatcmpl-${Array.from({ length: 21 }, () => LM_ALPHABET[randomInt(LM_ALPHABET.length)]).join("")}`;

/** Writes one event after the pacing delay; false once the client is gone. */
async function emit(ex: Exchange, event: string, paced: boolean): Promise<boolean> {
  if (paced) await sleep(ex.state.tokenDelayMs, ex);
  if (ex.isClosed()) return false;
  ex.res.write(event);
  return true;
}

const sse = (json: string): string => `data: ${json}\n\n`;

/**
 * Ollama /v1 streams. "ollama" (v0.32.6+): role only in the first delta, one `created` for the stream, a
 * separate finish chunk with an empty delta. "ollama-classic" (v0.5.2–v0.32.5): every delta carries the
 * role, `created` is taken per chunk, and the finish rides on a last chunk with empty content.
 */
export async function writeOllamaStream(ex: Exchange, c: Completion, classic: boolean): Promise<void> {
  const id = ollamaId();
  const streamCreated = nowSeconds();
  let lastCreated = streamCreated;
  const chunk = (model: string, choices: unknown[], usage?: unknown): string => {
    lastCreated = classic ? nowSeconds() : streamCreated;
    const body = { id, object: "chat.completion.chunk", created: lastCreated, model, system_fingerprint: "fp_ollama", choices };
    return sse(goJson(usage === undefined ? body : { ...body, usage }));
  };
  const delta = (content: string, i: number) => (classic || i === 0 ? { role: "assistant", content } : { content });

  openStream(ex, "text/event-stream");
  const limit = c.breakAfter ?? c.chunks.length;
  for (const [i, content] of c.chunks.slice(0, limit).entries()) {
    const event = chunk(c.responseModel, [{ index: 0, delta: delta(content, i), finish_reason: null }]);
    if (!(await emit(ex, event, i > 0))) return;
  }
  if (c.breakAfter !== undefined) {
    // The native handler's {"error":...} unmarshals into an empty response: one junk chunk, then EOF.
    const junk = classic ? { role: "assistant", content: "" } : { content: "" };
    await emit(ex, chunk("", [{ index: 0, delta: junk, finish_reason: null }]), true);
    ex.res.end();
    return;
  }
  const finish = classic ? { role: "assistant", content: "" } : {};
  if (!(await emit(ex, chunk(c.responseModel, [{ index: 0, delta: finish, finish_reason: c.finishReason }]), true))) return;
  if (c.includeUsage) {
    // Classic builds copy the last chunk (including its `created`) into the usage chunk.
    const created = lastCreated;
    const body = { id, object: "chat.completion.chunk", created, model: c.responseModel, system_fingerprint: "fp_ollama", choices: [], usage: usageOf(c) };
    if (!(await emit(ex, sse(goJson(body)), false))) return;
  }
  ex.res.end("data: [DONE]\n\n");
}

/** LM Studio 0.3.x: role in every delta, logprobs:null on each choice, model id as system_fingerprint. */
export async function writeLmStudioStream(ex: Exchange, c: Completion): Promise<void> {
  const id = lmId();
  const created = nowSeconds();
  const model = c.responseModel;
  const chunk = (choices: unknown[], usage?: unknown): string => {
    const body = { id, object: "chat.completion.chunk", created, model, system_fingerprint: model, choices };
    return sse(JSON.stringify(usage === undefined ? body : { ...body, usage }));
  };
  openStream(ex, "text/event-stream");
  const limit = c.breakAfter ?? c.chunks.length;
  for (const [i, content] of c.chunks.slice(0, limit).entries()) {
    const event = chunk([{ index: 0, delta: { role: "assistant", content }, logprobs: null, finish_reason: null }]);
    if (!(await emit(ex, event, i > 0))) return;
  }
  if (c.breakAfter !== undefined) {
    ex.res.end(); // No capture of an LM Studio mid-stream failure exists: the stream just stops.
    return;
  }
  if (!(await emit(ex, chunk([{ index: 0, delta: {}, logprobs: null, finish_reason: c.finishReason }]), true))) return;
  if (c.includeUsage && !(await emit(ex, chunk([], usageOf(c)), false))) return;
  ex.res.end("data: [DONE]\n\n");
}

export function ollamaCompletion(c: Completion): Reply {
  const body = {
    id: ollamaId(),
    object: "chat.completion",
    created: nowSeconds(),
    model: c.responseModel,
    system_fingerprint: "fp_ollama",
    choices: [{ index: 0, message: { role: "assistant", content: text(c) }, finish_reason: c.finishReason }],
    usage: usageOf(c),
  };
  return { status: 200, contentType: "application/json", body: goEncode(body) };
}

export function lmCompletion(c: Completion): Reply {
  const body = {
    id: lmId(),
    object: "chat.completion",
    created: nowSeconds(),
    model: c.responseModel,
    choices: [{ index: 0, logprobs: null, finish_reason: c.finishReason, message: { role: "assistant", content: text(c) } }],
    usage: usageOf(c),
    stats: {},
    system_fingerprint: c.responseModel,
  };
  return { status: 200, contentType: "application/json", body: lmJson(body) };
}
