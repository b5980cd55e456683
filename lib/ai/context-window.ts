import "server-only";
import { displayEndpoint } from "./providers";

// How many tokens the chat model can really take. Ollama cannot be told its context length through /v1 and silently
// cuts a longer prompt, so the window is read from the server itself: Ollama's /api/ps (the loaded model's real
// num_ctx) or /api/show (Modelfile num_ctx, trained maximum), or LM Studio's /api/v0/models. Anything else, or any
// failure, falls back to the knowledge base's setting.

export type ContextWindowSource = "ollama-ps" | "ollama-show" | "lmstudio" | "setting";

export interface ContextWindow {
  tokens: number;
  source: ContextWindowSource;
  /** Where the number came from, for logs and the admin UI. */
  detail?: string;
}

export interface ContextWindowSettings {
  chatBaseUrl: string;
  chatModel: string;
  /** The knowledge base's setting: the fallback, and Ollama's assumed num_ctx for a model that is not loaded yet. */
  contextWindow: number;
  /** Sent as a Bearer token (LM Studio 0.4 can require one; Ollama ignores it). */
  apiKey?: string | null;
}

export interface ContextWindowOptions {
  /** For all requests of one detection together; default 2000. */
  timeoutMs?: number;
  fetch?: typeof fetch;
}

const CACHE_MS = 60_000;
const cache = new Map<string, { expiresAt: number; result: Promise<ContextWindow> }>();
const warned = new Set<string>();

/** The chat model's effective context window, cached for 60 s per endpoint and model; never throws. */
export function effectiveContextWindow(settings: ContextWindowSettings, options: ContextWindowOptions = {}): Promise<ContextWindow> {
  const key = JSON.stringify([settings.chatBaseUrl, settings.chatModel, settings.contextWindow]);
  const now = Date.now();
  const hit = cache.get(key);
  if (hit && hit.expiresAt > now) return hit.result;
  for (const [k, entry] of cache) if (entry.expiresAt <= now) cache.delete(k);
  const result = detect(settings, options)
    .catch((error: unknown): Detection => {
      const problem = `detection failed: ${describe(error)}`;
      return { window: { tokens: settings.contextWindow, source: "setting", detail: problem }, problem };
    })
    .then(({ window, problem }) => {
      // Once per endpoint and model until it works again, not once a minute.
      if (!problem) warned.delete(key);
      else if (!warned.has(key)) {
        warned.add(key);
        const where = `${settings.chatModel} at ${displayEndpoint(settings.chatBaseUrl)}`;
        console.warn(`[ai] context window of ${where}: ${problem}; using the setting, ${settings.contextWindow} tokens.`);
      }
      return window;
    });
  cache.set(key, { expiresAt: now + CACHE_MS, result });
  return result;
}

interface Detection {
  window: ContextWindow;
  /** Set when the fallback is due to a failure worth a warning (not merely a hosted endpoint). */
  problem?: string;
}

type GetJson = (path: string, body?: unknown) => Promise<unknown>;

async function detect(settings: ContextWindowSettings, options: ContextWindowOptions): Promise<Detection> {
  const setting = (detail: string, problem?: string): Detection => ({ window: { tokens: settings.contextWindow, source: "setting", detail }, problem });
  const native = nativeApi(settings.chatBaseUrl, settings.apiKey);
  if (!native) return setting("the endpoint is not an Ollama or LM Studio /v1 URL");
  const timeoutMs = options.timeoutMs ?? 2000;
  const signal = AbortSignal.timeout(timeoutMs);
  const fetchImpl = options.fetch ?? fetch;
  // Undefined for an answer that is not a JSON success: the endpoint is not this kind of server.
  const getJson: GetJson = async (path, body) => {
    const response = await fetchImpl(`${native.root}${path}`, {
      method: body === undefined ? "GET" : "POST",
      headers: { ...native.headers, ...(body === undefined ? {} : { "content-type": "application/json" }) },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal,
      cache: "no-store",
    });
    if (!response.ok) {
      await response.body?.cancel();
      return response.status === 404 || response.status === 405 ? undefined : Promise.reject(new Error(`${path} answered HTTP ${response.status}`));
    }
    return response.json().catch(() => undefined);
  };
  try {
    const ps = record(await getJson("/api/ps"));
    if (ps && (Array.isArray(ps.models) || ps.models === null)) return await fromOllama(settings, ps.models ?? [], getJson);
    const lm = record(await getJson("/api/v0/models"));
    if (lm && Array.isArray(lm.data)) return fromLmStudio(settings, lm.data);
    return setting("the endpoint has neither Ollama's /api/ps nor LM Studio's /api/v0/models");
  } catch (error) {
    const name = (error as { name?: string }).name;
    const reason = name === "TimeoutError" || name === "AbortError" ? `no answer within ${timeoutMs} ms` : describe(error);
    return setting(`detection failed: ${reason}`, reason);
  }
}

async function fromOllama(settings: ContextWindowSettings, models: unknown[], getJson: GetJson): Promise<Detection> {
  const wanted = withTag(settings.chatModel);
  const loaded = models.map(record).find((m) => m && [m.name, m.model].some((n) => typeof n === "string" && withTag(n) === wanted));
  const loadedContext = positive(loaded?.context_length);
  if (loadedContext) return { window: { tokens: loadedContext, source: "ollama-ps", detail: `loaded with num_ctx ${loadedContext}` } };

  // Not loaded (or an Ollama before 0.10 that does not report it): what it will get when the next request loads it.
  const show = record(await getJson("/api/show", { model: settings.chatModel }));
  if (!show) {
    const detail = `Ollama has no model ${settings.chatModel}`;
    return { window: { tokens: settings.contextWindow, source: "setting", detail }, problem: detail };
  }
  const numCtx = positive(Number(/^\s*num_ctx\s+(\d+)\s*$/m.exec(typeof show.parameters === "string" ? show.parameters : "")?.[1]));
  const info = record(show.model_info) ?? {};
  const arch = typeof info["general.architecture"] === "string" ? info["general.architecture"] : "";
  const trained = positive(info[`${arch}.context_length`]);
  const wantedTokens = numCtx ?? settings.contextWindow;
  const tokens = Math.min(wantedTokens, trained ?? wantedTokens);
  const from = numCtx ? `the Modelfile's num_ctx ${numCtx}` : `the setting ${settings.contextWindow}`;
  const cap = trained && trained < wantedTokens ? `, capped at the trained context ${trained}` : "";
  return { window: { tokens, source: "ollama-show", detail: `not loaded; ${from}${cap}` } };
}

function fromLmStudio(settings: ContextWindowSettings, data: unknown[]): Detection {
  const models = data.map(record).filter((m): m is Record<string, unknown> => m !== undefined);
  const isChat = (m: Record<string, unknown>) => m.type === "llm" || m.type === "vlm";
  const loadedChat = models.filter((m) => isChat(m) && m.state === "loaded");
  // With exactly one model loaded, LM Studio answers any model name with it.
  const entry = models.find((m) => m.id === settings.chatModel) ?? (loadedChat.length === 1 ? loadedChat[0] : undefined);
  if (!entry) {
    const detail = `LM Studio has no model ${settings.chatModel}`;
    return { window: { tokens: settings.contextWindow, source: "setting", detail }, problem: detail };
  }
  const loadedContext = entry.state === "loaded" ? positive(entry.loaded_context_length) : undefined;
  if (loadedContext) return { window: { tokens: loadedContext, source: "lmstudio", detail: `${String(entry.id)} loaded with ${loadedContext}` } };
  const max = positive(entry.max_context_length);
  const tokens = Math.min(max ?? settings.contextWindow, settings.contextWindow);
  return { window: { tokens, source: "lmstudio", detail: `${String(entry.id)}: max_context_length ${max ?? "unknown"}, capped by the setting ${settings.contextWindow}` } };
}

/** The native API root of an Ollama or LM Studio /v1 URL, with credentials moved from the URL into a header. */
function nativeApi(baseUrl: string, apiKey?: string | null): { root: string; headers: Record<string, string> } | undefined {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    return undefined;
  }
  const path = url.pathname.replace(/\/+$/, "");
  if (!path.endsWith("/v1")) return undefined;
  const headers: Record<string, string> = {};
  if (apiKey) headers.authorization = `Bearer ${apiKey}`;
  else if (url.username || url.password) {
    const user = `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`;
    headers.authorization = `Basic ${Buffer.from(user).toString("base64")}`;
  }
  return { root: `${url.protocol}//${url.host}${path.slice(0, -"/v1".length)}`, headers };
}

/** Ollama: a name without a tag means ":latest"; names are case-insensitive. */
function withTag(name: string): string {
  const lower = name.trim().toLowerCase();
  return /:[^/]*$/.test(lower) ? lower : `${lower}:latest`;
}

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

function positive(value: unknown): number | undefined {
  return typeof value === "number" && Number.isInteger(value) && value > 0 ? value : undefined;
}

function describe(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
}
