import "server-only";
import { APICallError, embedMany, RetryError } from "ai";
import { embeddingModelFor } from "@/lib/ai/providers";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";

// Embeddings through the knowledge base's OpenAI-compatible endpoint: batched, a bounded number of requests at once,
// each with a timeout and the AI SDK's retries with backoff (5xx, 429, connection errors). The answer's dimension is
// checked against the knowledge base's setting: a wrong one fails loudly, vectors are never padded or cut.

export interface EmbeddingSettings {
  embeddingBaseUrl: string;
  embeddingModel: string;
  embeddingDimension: number;
  apiKey?: string | null;
}

export interface EmbedOptions {
  batchSize?: number;
  concurrency?: number;
  timeoutMs?: number;
  maxRetries?: number;
  signal?: AbortSignal;
}

/** The endpoint could not embed (down, unknown model, timing out): the caller stores text only and backfills later. */
export class EmbeddingUnavailableError extends Error {
  override name = "EmbeddingUnavailableError";
}

/** Embeds texts in order; throws EmbeddingUnavailableError when the endpoint cannot, AppError on a wrong dimension. */
export async function embedTexts(settings: EmbeddingSettings, texts: readonly string[], options: EmbedOptions = {}): Promise<number[][]> {
  const { batchSize = 64, concurrency = 2, timeoutMs = 60_000, maxRetries = env().ENCLAVE_EMBED_MAX_RETRIES } = options;
  const model = embeddingModelFor(settings);
  const batches: string[][] = [];
  for (let start = 0; start < texts.length; start += batchSize) batches.push(texts.slice(start, start + batchSize));
  const results: number[][][] = new Array(batches.length);
  let next = 0;
  const work = async () => {
    while (next < batches.length) {
      const index = next++;
      const signal = options.signal ? AbortSignal.any([options.signal, AbortSignal.timeout(timeoutMs)]) : AbortSignal.timeout(timeoutMs);
      try {
        const { embeddings } = await embedMany({ model, values: batches[index]!, maxRetries, abortSignal: signal, maxParallelCalls: 1 });
        results[index] = embeddings;
      } catch (error) {
        if (options.signal?.aborted) throw error;
        throw new EmbeddingUnavailableError(describeFailure(error, settings, timeoutMs));
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, batches.length) }, work));
  const vectors = results.flat();
  for (const vector of vectors) assertDimension(vector, settings);
  return vectors;
}

function assertDimension(vector: readonly number[], settings: EmbeddingSettings) {
  if (vector.length !== settings.embeddingDimension) {
    throw new AppError(
      "embedding_dimension_mismatch",
      `${settings.embeddingModel} returned ${vector.length}-dimensional vectors but the knowledge base is set to ` +
        `${settings.embeddingDimension}; set the embedding dimension to ${vector.length} (or pick the intended model).`,
    );
  }
}

/** One line for the job's log and the user: what failed, where, and the fix. */
function describeFailure(error: unknown, settings: EmbeddingSettings, timeoutMs: number): string {
  const where = `${settings.embeddingModel} at ${settings.embeddingBaseUrl}`;
  const last = error instanceof RetryError ? error.lastError : error;
  if (APICallError.isInstance(last)) {
    if (last.statusCode === 404) return `Embedding model ${where} was not found (HTTP 404); pull it (ollama pull ${settings.embeddingModel}) or fix the setting.`;
    if (last.statusCode) return `Embedding endpoint ${where} answered HTTP ${last.statusCode}.`;
  }
  const name = (last as { name?: string }).name;
  if (name === "TimeoutError" || name === "AbortError") return `Embedding endpoint ${where} did not answer within ${timeoutMs} ms.`;
  return `Embedding endpoint ${where} is unreachable; start it (ollama serve) or fix the endpoint URL.`;
}
