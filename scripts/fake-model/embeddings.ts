/**
 * POST /v1/embeddings (both servers) and Ollama's native POST /api/embed.
 */
import { EMBEDDINGS_DOWN_MESSAGE, type Reply, lmModelNotFound, lmPlainError, ollamaModelNotFound, ollamaNativeError, ollamaV1Error } from "./errors";
import { type Exchange, isRecord, ok, send } from "./http";
import { goEncode, goFloat32, goJson, goJsonSyntaxError, goJsonType, lmJson, rawPlaceholder, withRaw } from "./json";
import { type CatalogModel, catalog, loadedContext, resolveLmStudio, resolveOllama } from "./models";
import { countTokens, fakeEmbedding, shortenEmbedding, splitChunks } from "./text";

interface Embedded {
  vectors: number[][];
  tokens: number;
}

/** `input` may be a string or an array of strings; anything else (token arrays, []) is invalid. */
function decodeInput(input: unknown): string[] | undefined {
  if (typeof input === "string") return [input];
  if (Array.isArray(input) && input.length > 0 && input.every((s) => typeof s === "string")) return input;
  return undefined;
}

/** Over-long inputs are cut to the context silently, as Ollama does when truncate is not false. */
function embedAll(inputs: string[], model: CatalogModel, context: number, dimensions: unknown): Embedded {
  let tokens = 0;
  const vectors = inputs.map((input) => {
    const kept = countTokens(input) > context ? splitChunks(input).slice(0, context).join("") : input;
    tokens += countTokens(kept);
    const v = fakeEmbedding(kept, model.dimension);
    return typeof dimensions === "number" && dimensions > 0 && dimensions < v.length ? shortenEmbedding(v, dimensions) : v;
  });
  return { vectors, tokens };
}

/** Base64 of little-endian float32, as Ollama's floatsToBase64 writes it. */
export function floatsToBase64(v: readonly number[]): string {
  const view = new DataView(new ArrayBuffer(v.length * 4));
  v.forEach((x, i) => view.setFloat32(i * 4, x, true));
  return Buffer.from(view.buffer).toString("base64");
}

const goFloats = (v: readonly number[]): string => `[${v.map(goFloat32).join(",")}]`;

function ollamaV1(ex: Exchange): Reply {
  if (ex.parseError !== undefined) return ollamaV1Error(400, goJsonSyntaxError(ex.rawBody, ex.parseError), false);
  const body = ex.body;
  if (!isRecord(body)) return ollamaV1Error(400, `json: cannot unmarshal ${goJsonType(body)} into Go value of type openai.EmbedRequest`, false);
  const inputs = decodeInput(body.input);
  if (!inputs) return ollamaV1Error(400, "invalid input", false);
  const format = body.encoding_format ?? "float";
  if (format !== "float" && format !== "base64" && format !== "") {
    return ollamaV1Error(400, `Invalid value for 'encoding_format' = ${String(format)}. Supported values: ['float', 'base64'].`, false);
  }
  const requested = typeof body.model === "string" ? body.model : "";
  const model = resolveOllama(ex.state, requested);
  if (ex.state.failure.kind === "unknown-model" || !model) return ollamaModelNotFound(requested, false);
  if (model.kind !== "embedding") return ollamaV1Error(400, `"${requested}" does not support embeddings`);
  if (ex.state.failure.kind === "embeddings-down") return ollamaV1Error(500, EMBEDDINGS_DOWN_MESSAGE);

  const { vectors, tokens } = embedAll(inputs, model, loadedContext(ex.state, model), body.dimensions);
  const base64 = format === "base64";
  const data = vectors.map((v, index) => ({ object: "embedding", embedding: base64 ? floatsToBase64(v) : rawPlaceholder(index), index }));
  const response = { object: "list", data, model: requested, usage: { prompt_tokens: tokens, total_tokens: tokens } };
  return ok("application/json", withRaw(goEncode, response, vectors.map(goFloats)));
}

function ollamaNative(ex: Exchange): Reply {
  if (ex.parseError !== undefined) return ollamaNativeError(400, goJsonSyntaxError(ex.rawBody, ex.parseError));
  const body = isRecord(ex.body) ? ex.body : {};
  const requested = typeof body.model === "string" ? body.model : "";
  const model = resolveOllama(ex.state, requested);
  if (ex.state.failure.kind === "unknown-model" || !model) return ollamaModelNotFound(requested, true);
  if (model.kind !== "embedding") return ollamaNativeError(400, `"${requested}" does not support embeddings`);
  const inputs = decodeInput(body.input);
  // No input just loads the model; EmbedResponse.embeddings is omitempty.
  if (!inputs) return ok("application/json; charset=utf-8", goJson({ model: requested }));
  if (ex.state.failure.kind === "embeddings-down") return ollamaNativeError(500, EMBEDDINGS_DOWN_MESSAGE);

  const options = isRecord(body.options) ? body.options : {};
  const numCtx = typeof options.num_ctx === "number" ? Math.min(options.num_ctx, model.trainedContext) : loadedContext(ex.state, model);
  if (body.truncate === false && inputs.some((s) => countTokens(s) > numCtx)) {
    return ollamaNativeError(400, "the input length exceeds the context length");
  }
  const started = process.hrtime.bigint();
  const { vectors, tokens } = embedAll(inputs, model, numCtx, body.dimensions);
  const response = {
    model: requested,
    embeddings: vectors.map((_v, i) => rawPlaceholder(i)),
    total_duration: Number(process.hrtime.bigint() - started) + 1019500,
    load_duration: 1019500,
    prompt_eval_count: tokens,
  };
  return ok("application/json; charset=utf-8", withRaw(goJson, response, vectors.map(goFloats)));
}

/** Only the REST v0 docs example exists for LM Studio: pretty JSON, "@quant" model suffix, zero usage. */
function lmStudio(ex: Exchange): Reply {
  if (ex.parseError !== undefined) return lmPlainError(400, ex.parseError);
  const body = isRecord(ex.body) ? ex.body : {};
  const requested = typeof body.model === "string" ? body.model : "";
  const loaded = catalog(ex.state).map((m) => m.id);
  const model = resolveLmStudio(ex.state, requested, "embedding");
  if (ex.state.failure.kind === "unknown-model" || !model) return lmModelNotFound(requested, loaded);
  const inputs = decodeInput(body.input);
  if (!inputs) return lmPlainError(400, "'input' field is required and must be a string or an array of strings");
  if (ex.state.failure.kind === "embeddings-down") return lmPlainError(500, "Failed to generate embeddings");

  const { vectors } = embedAll(inputs, model, model.trainedContext, body.dimensions);
  const base64 = body.encoding_format === "base64";
  const data = vectors.map((v, index) => ({ object: "embedding", embedding: base64 ? floatsToBase64(v) : v, index }));
  return ok("application/json", lmJson({ object: "list", data, model: `${model.id}@q4_k_m`, usage: { prompt_tokens: 0, total_tokens: 0 } }));
}

export function handleEmbeddings(ex: Exchange): void {
  send(ex.res, ex.state.flavor === "lmstudio" ? lmStudio(ex) : ollamaV1(ex));
}

export function handleOllamaEmbed(ex: Exchange): void {
  send(ex.res, ollamaNative(ex));
}
