import "server-only";
import { createHash } from "node:crypto";
import { AppError } from "@/lib/errors";
import { recordEgress, type EgressEventInput, type EgressStatus } from "./egress";
import type { PiiCounts } from "./pii/kinds";

// The fetch a hosted chat model is given (createOpenAICompatible({ fetch })). It sends only to the knowledge base's
// configured endpoint, hashes the exact bytes it sends, and records one egress event per call once the response has
// been read to the end (or abandoned), with the token counts the endpoint reported.

export type EgressContext = Omit<EgressEventInput, "endpoint" | "promptTokens" | "completionTokens" | "maskedCounts" | "payloadSha256" | "payloadBytes" | "status" | "durationMs">;

export interface EgressFetchOptions {
  /** Base URLs requests may go to (the knowledge base's chat endpoint); anything else is refused and recorded. */
  allowedBaseUrls: readonly string[];
  context: EgressContext;
  /** The conversation's masked counts when the call leaves. */
  maskedCounts: () => PiiCounts;
  /** Where events go; defaults to the egress log. */
  record?: (event: EgressEventInput) => Promise<void>;
  /** The fetch underneath (tests); defaults to the global one. */
  fetch?: typeof fetch;
}

export type EgressFetch = typeof fetch & {
  /** Resolves once every call so far has been recorded. */
  settled(): Promise<void>;
};

/** The URL as the log shows it: scheme, host and path. */
export function displayUrl(url: URL): string {
  return `${url.protocol}//${url.host}${url.pathname}`;
}

/** Whether `url` is under one of `bases` (same origin, path below the base's path). */
export function isAllowedUrl(url: URL, bases: readonly string[]): boolean {
  return bases.some((base) => {
    const allowed = new URL(base);
    const prefix = allowed.pathname.replace(/\/+$/, "") + "/";
    return url.origin === allowed.origin && !url.username && !url.password && (url.pathname + "/").startsWith(prefix);
  });
}

/** A fetch that enforces the allow-list and writes the egress log. */
export function egressFetch(options: EgressFetchOptions): EgressFetch {
  const underlying = options.fetch ?? globalThis.fetch;
  const record = options.record ?? recordEgress;
  const pending = new Set<Promise<void>>();
  const track = (event: EgressEventInput) => {
    const done = record(event).catch((error: unknown) => {
      console.error(`privacy: could not record an egress event for ${event.knowledgeBase.slug}: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}`);
    });
    pending.add(done);
    void done.finally(() => pending.delete(done));
  };

  const wrapped = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = input instanceof Request ? input : undefined;
    const url = new URL(request ? request.url : input.toString());
    const body = await bodyBytes(init?.body ?? (request ? await request.arrayBuffer() : undefined));
    const started = performance.now();
    const event = (status: EgressStatus, usage: Usage = {}): EgressEventInput => ({
      ...options.context,
      endpoint: displayUrl(url),
      maskedCounts: options.maskedCounts(),
      payloadSha256: createHash("sha256").update(body).digest("hex"),
      payloadBytes: body.byteLength,
      status,
      promptTokens: usage.promptTokens ?? null,
      completionTokens: usage.completionTokens ?? null,
      durationMs: Math.round(performance.now() - started),
    });

    if (!isAllowedUrl(url, options.allowedBaseUrls)) {
      track(event("blocked"));
      throw new AppError("forbidden", `Refused to send to ${displayUrl(url)}: it is not this knowledge base's configured model endpoint.`);
    }
    let response: Response;
    try {
      response = await underlying(url, { ...init, method: init?.method ?? request?.method, headers: init?.headers ?? request?.headers, body: body.byteLength ? body : undefined });
    } catch (error) {
      track(event(isAbort(error, init?.signal) ? "aborted" : "network_error"));
      throw error;
    }
    const status: EgressStatus = response.ok ? "ok" : `http_${response.status}`;
    if (!response.body) {
      track(event(status));
      return response;
    }
    const usage = new UsageReader(response.headers.get("content-type") ?? "");
    let isRecorded = false;
    const finish = (final: EgressStatus) => {
      if (isRecorded) return;
      isRecorded = true;
      track(event(final, usage.result()));
    };
    // Read through, not teed: a reader that stops early (the user pressed stop) cancels the call, recorded as aborted.
    const source = response.body.getReader();
    const observed = new ReadableStream<Uint8Array>({
      async pull(controller) {
        try {
          const { done, value } = await source.read();
          if (done) {
            finish(status);
            controller.close();
          } else {
            usage.push(value);
            controller.enqueue(value);
          }
        } catch (error) {
          finish(isAbort(error, init?.signal) ? "aborted" : "network_error");
          controller.error(error);
        }
      },
      async cancel(reason) {
        finish("aborted");
        await source.cancel(reason);
      },
    });
    return new Response(observed, { status: response.status, statusText: response.statusText, headers: response.headers });
  };

  return Object.assign(wrapped as typeof fetch, {
    settled: async () => {
      while (pending.size > 0) await Promise.all([...pending]);
    },
  });
}

async function bodyBytes(body: BodyInit | ArrayBuffer | null | undefined): Promise<Uint8Array<ArrayBuffer>> {
  if (body === undefined || body === null) return new Uint8Array();
  if (typeof body === "string") return new TextEncoder().encode(body);
  if (body instanceof ArrayBuffer) return new Uint8Array(body);
  if (ArrayBuffer.isView(body)) return new Uint8Array(body.buffer.slice(body.byteOffset, body.byteOffset + body.byteLength));
  if (body instanceof URLSearchParams) return new TextEncoder().encode(body.toString());
  // Blob, FormData, a stream: read it whole, so the bytes hashed are the bytes sent.
  return new Uint8Array(await new Response(body as BodyInit).arrayBuffer());
}

function isAbort(error: unknown, signal: AbortSignal | null | undefined): boolean {
  return signal?.aborted === true || (error as { name?: string })?.name === "AbortError";
}

interface Usage {
  promptTokens?: number;
  completionTokens?: number;
}

/** Picks `usage` out of an OpenAI-compatible response: the last SSE chunk that has one, or the JSON body's. */
class UsageReader {
  private text = "";
  private readonly decoder = new TextDecoder();
  private usage: Usage = {};
  private readonly isStream: boolean;

  constructor(contentType: string) {
    this.isStream = contentType.includes("text/event-stream");
  }

  push(chunk: Uint8Array) {
    this.text += this.decoder.decode(chunk, { stream: true });
    if (!this.isStream) return;
    const lines = this.text.split("\n");
    this.text = lines.pop() ?? "";
    for (const line of lines) this.read(line.replace(/^data:\s*/, ""));
  }

  result(): Usage {
    if (this.text) this.read(this.text.replace(/^data:\s*/, ""));
    this.text = "";
    return this.usage;
  }

  private read(json: string) {
    if (!json.includes('"usage"')) return;
    try {
      const usage = (JSON.parse(json) as { usage?: { prompt_tokens?: number; completion_tokens?: number } | null }).usage;
      if (usage) this.usage = { promptTokens: usage.prompt_tokens, completionTokens: usage.completion_tokens };
    } catch {
      // Not JSON (a comment line, "[DONE]"): nothing to read.
    }
  }
}
