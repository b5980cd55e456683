import "server-only";
import { displayEndpoint } from "./providers";

export interface ModelStatus {
  ok: boolean;
  endpoint: string;
  model: string;
  /** Why the model cannot be used, and what to do about it; absent when ok. */
  reason?: string;
}

/** Asks an OpenAI-compatible endpoint's `/models` whether `model` is there; never throws. */
export async function checkModel(baseUrl: string, model: string, timeoutMs: number, apiKey?: string | null): Promise<ModelStatus> {
  const endpoint = displayEndpoint(baseUrl);
  const status = (reason?: string): ModelStatus => ({ ok: !reason, endpoint, model, ...(reason ? { reason } : {}) });
  const request = () =>
    fetch(`${baseUrl.replace(/\/+$/, "")}/models`, {
      headers: apiKey ? { authorization: `Bearer ${apiKey}` } : {},
      signal: AbortSignal.timeout(timeoutMs),
      cache: "no-store",
    });
  let response: Response;
  try {
    // A kept-alive connection the server has since closed fails once with a socket error; a fresh one tells the truth.
    response = await request().catch((error: unknown) => (isStaleSocket(error) ? request() : Promise.reject(error)));
  } catch (error) {
    return status(unreachableReason(error, endpoint, timeoutMs));
  }
  if (!response.ok) return status(`${endpoint}/models answered HTTP ${response.status}; check the endpoint URL.`);
  let ids: string[];
  try {
    // Ollama answers `"data": null` when no model has been pulled.
    const body = (await response.json()) as { data?: { id?: unknown }[] | null };
    ids = (body.data ?? []).flatMap((entry) => (typeof entry.id === "string" ? [entry.id] : []));
  } catch {
    return status(`${endpoint}/models did not answer with an OpenAI-compatible model list; check the endpoint URL.`);
  }
  if (ids.some((id) => sameModel(id, model))) return status();
  const known = ids.length ? ` It has: ${ids.slice(0, 10).join(", ")}.` : " It has no models.";
  return status(`Model ${model} is not available at ${endpoint}.${known} With Ollama run \`ollama pull ${model}\`.`);
}

/** Ollama lists `all-minilm:latest` for a configured `all-minilm`: a name without a tag means `:latest`. */
export function sameModel(listed: string, wanted: string): boolean {
  const withTag = (name: string) => (name.includes(":") ? name : `${name}:latest`);
  return listed === wanted || withTag(listed) === withTag(wanted);
}

function errorCode(error: unknown): string {
  return (error as { cause?: { code?: string } }).cause?.code ?? "";
}

function isStaleSocket(error: unknown): boolean {
  return ["UND_ERR_SOCKET", "ECONNRESET"].includes(errorCode(error));
}

function unreachableReason(error: unknown, endpoint: string, timeoutMs: number): string {
  const name = (error as { name?: string }).name;
  if (name === "TimeoutError" || name === "AbortError") return `No answer from ${endpoint} within ${timeoutMs} ms.`;
  const code = errorCode(error);
  if (code === "ECONNREFUSED") {
    return `Nothing is listening at ${endpoint} (connection refused). Start Ollama (\`ollama serve\`) or LM Studio's server, or fix the endpoint URL.`;
  }
  if (code === "ENOTFOUND" || code === "EAI_AGAIN") return `The host of ${endpoint} cannot be resolved; check the endpoint URL.`;
  return `Cannot reach ${endpoint}${code ? ` (${code})` : ""}.`;
}
