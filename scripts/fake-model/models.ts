/**
 * The fake's model catalog and the bodies of the model-listing endpoints of both servers.
 */
import { createHash } from "node:crypto";
import { goEncode, goJson, goTime, lmJson } from "./json";
import { type FakeEmbeddingModel, isOllama, type ServerState } from "./types";

export interface CatalogModel {
  id: string;
  kind: "chat" | "embedding";
  dimension: number;
  /** The model's own (trained) context; the loaded context is ServerState.contextLength. */
  trainedContext: number;
  /** Mirrors the fixture: a modification time that steps back 10 000 s per model. */
  created: number;
  arch: string;
}

const DEFAULTS: Record<"ollama" | "lmstudio", { chat: string[]; embedding: FakeEmbeddingModel[] }> = {
  ollama: { chat: ["gemma3:1b"], embedding: [{ id: "all-minilm", dimension: 384 }, { id: "nomic-embed-text", dimension: 768 }] },
  lmstudio: { chat: ["google/gemma-3-1b"], embedding: [{ id: "text-embedding-nomic-embed-text-v1.5", dimension: 768 }] },
};

function archOf(id: string, kind: CatalogModel["kind"]): string {
  const name = id.toLowerCase();
  if (/gemma-?3/.test(name)) return "gemma3";
  if (name.includes("nomic")) return "nomic-bert";
  if (name.includes("minilm")) return "bert";
  if (name.includes("qwen")) return "qwen2";
  return kind === "chat" ? "llama" : "bert";
}

function trainedContextOf(arch: string): number {
  return { gemma3: 32768, bert: 512, "nomic-bert": 2048, qwen2: 32768, llama: 131072 }[arch] ?? 2048;
}

export function catalog(state: ServerState): CatalogModel[] {
  const defaults = isOllama(state.flavor) ? DEFAULTS.ollama : DEFAULTS.lmstudio;
  const chat = (state.chatModels ?? defaults.chat).map((id) => ({ id, kind: "chat" as const, dimension: 0, contextLength: undefined as number | undefined }));
  const embedding = (state.embeddingModels ?? defaults.embedding).map((m) => ({ ...m, kind: "embedding" as const }));
  return [...chat, ...embedding].map((m, i) => {
    const arch = archOf(m.id, m.kind);
    return { id: m.id, kind: m.kind, dimension: m.dimension, arch, created: 1749990000 - i * 10000, trainedContext: m.contextLength ?? trainedContextOf(arch) };
  });
}

/** Ollama: a name without a tag means ":latest". */
export const withTag = (name: string): string => (/:[^/]*$/.test(name) ? name : `${name}:latest`);

export function resolveOllama(state: ServerState, requested: string): CatalogModel | undefined {
  return catalog(state).find((m) => withTag(m.id) === withTag(requested));
}

/** LM Studio ignores the model field when exactly one model is loaded (bug-tracker #619, #366). */
export function resolveLmStudio(state: ServerState, requested: string, kind: CatalogModel["kind"]): CatalogModel | undefined {
  const all = catalog(state);
  const exact = all.find((m) => m.id === requested || requested.startsWith(`${m.id}@`));
  if (exact) return exact.kind === kind ? exact : undefined;
  return all.length === 1 && all[0]?.kind === kind ? all[0] : undefined;
}

const ownedBy = (id: string): string => (id.includes("/") ? (id.split("/")[0] ?? "library") : "library");
const digest = (id: string): string => createHash("sha256").update(id).digest("hex");
const sizeOf = (m: CatalogModel): number => (m.kind === "chat" ? 815319791 : m.dimension * 119000);

export function ollamaModelList(state: ServerState): string {
  const models = catalog(state);
  const data = models.length === 0 ? null : models.map((m) => ({ id: withTag(m.id), object: "model", created: m.created, owned_by: ownedBy(m.id) }));
  return goEncode({ object: "list", data });
}

export const ollamaModelRetrieve = (m: CatalogModel, requested: string): string =>
  goEncode({ id: requested, object: "model", created: m.created, owned_by: ownedBy(m.id) });

function details(m: CatalogModel): Record<string, unknown> {
  return {
    parent_model: "",
    format: "gguf",
    family: m.arch,
    families: [m.arch],
    parameter_size: m.kind === "chat" ? "999.89M" : `${Math.round(m.dimension / 3.4)}M`,
    quantization_level: m.kind === "chat" ? "Q4_K_M" : "F16",
  };
}

const capabilities = (m: CatalogModel): string[] => (m.kind === "chat" ? ["completion"] : ["embedding"]);

export function ollamaTags(state: ServerState): string {
  const models = catalog(state).map((m) => ({
    name: withTag(m.id),
    model: withTag(m.id),
    modified_at: goTime(m.created * 1000, 0),
    size: sizeOf(m),
    digest: digest(m.id),
    details: details(m),
    capabilities: capabilities(m),
  }));
  return goJson({ models });
}

/** Loaded context: the configured num_ctx, capped at what the model was trained for. */
export const loadedContext = (state: ServerState, m: CatalogModel): number => Math.min(state.contextLength, m.trainedContext);

export function ollamaPs(state: ServerState): string {
  const expires = goTime(Date.now() + 5 * 60_000);
  const models = catalog(state).map((m) => ({
    name: withTag(m.id),
    model: withTag(m.id),
    size: sizeOf(m),
    digest: digest(m.id),
    details: details(m),
    expires_at: expires,
    size_vram: sizeOf(m),
    context_length: loadedContext(state, m),
  }));
  return goJson({ models });
}

export function ollamaShow(m: CatalogModel): string {
  const info: Record<string, unknown> = {
    "general.architecture": m.arch,
    "general.parameter_count": m.kind === "chat" ? 999885952 : m.dimension * 60000,
    [`${m.arch}.block_count`]: m.kind === "chat" ? 26 : 12,
    [`${m.arch}.context_length`]: m.trainedContext,
    [`${m.arch}.embedding_length`]: m.kind === "chat" ? 1152 : m.dimension,
  };
  // Go marshals map keys in sorted order.
  const modelInfo = Object.fromEntries(Object.entries(info).sort(([a], [b]) => (a < b ? -1 : 1)));
  const chat = m.kind === "chat";
  // ShowResponse fields are omitempty, so an embedding model has no parameters.
  return goJson({
    modelfile: `# Modelfile generated by "ollama show"\nFROM ${withTag(m.id)}\n`,
    ...(chat ? { parameters: 'stop                           "<end_of_turn>"\ntemperature                    1\ntop_k                          64\ntop_p                          0.95' } : {}),
    template: chat ? "{{- range .Messages }}<start_of_turn>{{ .Role }}\n{{ .Content }}<end_of_turn>\n{{ end }}<start_of_turn>model\n" : "{{ .Prompt }}",
    details: details(m),
    model_info: modelInfo,
    capabilities: capabilities(m),
    modified_at: goTime(m.created * 1000, 0),
  });
}

export function lmModelList(state: ServerState): string {
  return lmJson({ data: catalog(state).map((m) => ({ id: m.id, object: "model", owned_by: "organization_owner" })), object: "list" });
}

export const lmModelRetrieve = (m: CatalogModel): string => lmJson({ id: m.id, object: "model", owned_by: "organization_owner" });

export function lmV0Model(state: ServerState, m: CatalogModel): Record<string, unknown> {
  return {
    id: m.id,
    object: "model",
    type: m.kind === "chat" ? "llm" : "embeddings",
    publisher: m.id.includes("/") ? m.id.split("/")[0] : m.arch === "nomic-bert" ? "nomic-ai" : "lmstudio-community",
    arch: m.arch,
    compatibility_type: "gguf",
    quantization: m.kind === "chat" ? "Q4_K_M" : "Q4_0",
    state: "loaded",
    max_context_length: m.kind === "chat" ? state.contextLength : m.trainedContext,
  };
}

export const lmV0Models = (state: ServerState): string =>
  lmJson({ object: "list", data: catalog(state).map((m) => lmV0Model(state, m)) });
