import "server-only";
import { createOpenAICompatible } from "@ai-sdk/openai-compatible";
import { env } from "@/lib/env";

// Every model Enclave talks to is reached through an OpenAI-compatible endpoint (Ollama, LM Studio, or a hosted
// service an admin chose). The rest of the code asks for "the chat model of this knowledge base", never a model id.

/** Where a knowledge base's models live: the fields of its settings that name endpoints and models. */
export interface ModelSettings {
  chatBaseUrl: string;
  chatModel: string;
  embeddingBaseUrl: string;
  embeddingModel: string;
  embeddingDimension: number;
  /** Only for hosted endpoints; local ones (Ollama, LM Studio) ignore authentication. */
  apiKey?: string | null;
}

/** The installation's defaults, used for new knowledge bases and the health check. */
export function defaultModelSettings(): ModelSettings {
  const config = env();
  return {
    chatBaseUrl: config.ENCLAVE_CHAT_BASE_URL,
    chatModel: config.ENCLAVE_CHAT_MODEL,
    embeddingBaseUrl: config.ENCLAVE_EMBEDDING_BASE_URL,
    embeddingModel: config.ENCLAVE_EMBEDDING_MODEL,
    embeddingDimension: config.ENCLAVE_EMBEDDING_DIMENSION,
  };
}

/** Chat-model settings; a hosted base adds the egress-logging, allow-listing fetch (lib/privacy/egress-fetch.ts). */
export type ChatModelSettings = Pick<ModelSettings, "chatBaseUrl" | "chatModel" | "apiKey"> & { fetch?: typeof fetch };

function provider(baseURL: string, apiKey: string | null | undefined, customFetch?: typeof fetch) {
  return createOpenAICompatible({
    name: "enclave",
    baseURL: baseURL.replace(/\/+$/, ""),
    apiKey: apiKey ?? undefined,
    // Ask for the usage chunk: its prompt_tokens is how a silent truncation by Ollama shows itself.
    includeUsage: true,
    ...(customFetch ? { fetch: customFetch } : {}),
  });
}

/** The chat model a knowledge base answers with. */
export function chatModelFor(settings: ChatModelSettings) {
  return provider(settings.chatBaseUrl, settings.apiKey, settings.fetch).chatModel(settings.chatModel);
}

/** The embedding model a knowledge base indexes and searches with. */
export function embeddingModelFor(settings: Pick<ModelSettings, "embeddingBaseUrl" | "embeddingModel" | "apiKey">) {
  return provider(settings.embeddingBaseUrl, settings.apiKey).embeddingModel(settings.embeddingModel);
}

/** An endpoint URL safe to show and log: no credentials, query or fragment. */
export function displayEndpoint(baseUrl: string): string {
  try {
    const url = new URL(baseUrl);
    return `${url.protocol}//${url.host}${url.pathname.replace(/\/+$/, "")}`;
  } catch {
    return "(invalid URL)";
  }
}
