import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { startFakeModelServer, type FakeModelServer, type FakeModelServerOptions } from "@/scripts/fake-model-server";
import { effectiveContextWindow } from "./context-window";

const servers: { close(): Promise<void> }[] = [];
async function fake(options: FakeModelServerOptions): Promise<FakeModelServer> {
  const server = await startFakeModelServer(options);
  servers.push(server);
  return server;
}
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});
afterEach(() => {
  vi.restoreAllMocks();
  vi.useRealTimers();
});

const settings = (server: { url: string }, chatModel: string, contextWindow = 8192) => ({ chatBaseUrl: `${server.url}/v1`, chatModel, contextWindow });

/** Passes requests to the fake server, rewriting the JSON answer of one path (what the fake cannot be asked to send). */
function rewriting(path: string, edit: (body: Record<string, unknown>) => unknown): typeof fetch {
  return async (input, init) => {
    const response = await fetch(input, init);
    if (new URL(String(input)).pathname !== path) return response;
    return Response.json(edit((await response.json()) as Record<string, unknown>));
  };
}

describe("effectiveContextWindow with Ollama", () => {
  it.each(["ollama", "ollama-classic"] as const)("reads the loaded model's context_length from /api/ps (%s)", async (flavor) => {
    const server = await fake({ flavor, contextLength: 16384 });
    expect(await effectiveContextWindow(settings(server, "gemma3:1b", 4096))).toEqual({ tokens: 16384, source: "ollama-ps", detail: "loaded with num_ctx 16384" });
    expect(server.requests.map((r) => `${r.method} ${r.path}`)).toEqual(["GET /api/ps"]);
  });

  it("reports a context above the trained maximum as Ollama does, capped (gemma3:1b: 32768)", async () => {
    const server = await fake({ flavor: "ollama", contextLength: 131072 });
    expect((await effectiveContextWindow(settings(server, "gemma3:1b"))).tokens).toBe(32768);
  });

  it("matches a model name without a tag as :latest", async () => {
    const server = await fake({ flavor: "ollama", contextLength: 2048, chatModels: ["gemma3:latest"] });
    expect(await effectiveContextWindow(settings(server, "gemma3"))).toMatchObject({ tokens: 2048, source: "ollama-ps" });
  });

  it("asks /api/show when the model is not loaded: the setting, capped at the trained context", async () => {
    const server = await fake({ flavor: "ollama", contextLength: 4096 });
    const notLoaded = rewriting("/api/ps", () => ({ models: [] }));
    expect(await effectiveContextWindow(settings(server, "gemma3:1b", 65536), { fetch: notLoaded })).toEqual({
      tokens: 32768,
      source: "ollama-show",
      detail: "not loaded; the setting 65536, capped at the trained context 32768",
    });
    expect(await effectiveContextWindow(settings(server, "gemma3:1b", 6000), { fetch: notLoaded })).toMatchObject({ tokens: 6000, source: "ollama-show" });
    const show = server.requests.find((r) => r.path === "/api/show");
    expect(show).toMatchObject({ method: "POST", body: { model: "gemma3:1b" } });
  });

  it("prefers a Modelfile num_ctx (in /api/show parameters) for a model that is not loaded", async () => {
    const server = await fake({ flavor: "ollama" });
    const fetchImpl: typeof fetch = async (input, init) => {
      const path = new URL(String(input)).pathname;
      if (path === "/api/ps") return Response.json({ models: [] });
      const response = await fetch(input, init);
      if (path !== "/api/show") return response;
      const body = (await response.json()) as { parameters: string };
      return Response.json({ ...body, parameters: `${body.parameters}\nnum_ctx                        12288` });
    };
    expect(await effectiveContextWindow(settings(server, "gemma3:1b", 2048), { fetch: fetchImpl })).toEqual({
      tokens: 12288,
      source: "ollama-show",
      detail: "not loaded; the Modelfile's num_ctx 12288",
    });
  });

  it("falls back to the setting, with one warning, when Ollama does not have the model", async () => {
    const server = await fake({ flavor: "ollama" });
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    expect(await effectiveContextWindow(settings(server, "llama3:8b", 3000))).toMatchObject({ tokens: 3000, source: "setting" });
    expect(warn).toHaveBeenCalledOnce();
    expect(String(warn.mock.calls[0]?.[0])).toContain("Ollama has no model llama3:8b");
  });

  it("caches the answer for 60 s per endpoint and model", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const server = await fake({ flavor: "ollama", contextLength: 8192 });
    const s = settings(server, "gemma3:1b");
    await Promise.all([effectiveContextWindow(s), effectiveContextWindow(s)]);
    vi.setSystemTime(Date.now() + 59_000);
    await effectiveContextWindow(s);
    expect(server.requests).toHaveLength(1);
    vi.setSystemTime(Date.now() + 2_000);
    await effectiveContextWindow(s);
    expect(server.requests).toHaveLength(2);
  });
});

describe("effectiveContextWindow with LM Studio", () => {
  it("reads max_context_length from /api/v0/models, capped by the setting", async () => {
    const server = await fake({ flavor: "lmstudio", contextLength: 4096 });
    expect(await effectiveContextWindow(settings(server, "google/gemma-3-1b", 8192))).toMatchObject({ tokens: 4096, source: "lmstudio" });
    expect(await effectiveContextWindow(settings(server, "google/gemma-3-1b", 2048))).toMatchObject({ tokens: 2048, source: "lmstudio" });
    expect(server.requests.map((r) => r.path)).toEqual(["/api/ps", "/api/v0/models", "/api/ps", "/api/v0/models"]);
  });

  it("prefers the loaded model's loaded_context_length", async () => {
    const server = await fake({ flavor: "lmstudio", contextLength: 32768 });
    const withLoaded = rewriting("/api/v0/models", (body) => ({
      ...body,
      data: (body.data as Record<string, unknown>[]).map((m) => (m.type === "llm" ? { ...m, loaded_context_length: 6144 } : m)),
    }));
    expect(await effectiveContextWindow(settings(server, "google/gemma-3-1b", 8192), { fetch: withLoaded })).toEqual({
      tokens: 6144,
      source: "lmstudio",
      detail: "google/gemma-3-1b loaded with 6144",
    });
  });

  it("uses the one loaded model for any name, as LM Studio answers with it", async () => {
    const server = await fake({ flavor: "lmstudio", contextLength: 4096 });
    expect(await effectiveContextWindow(settings(server, "gemma-3-1b-it-qat", 8192))).toMatchObject({ tokens: 4096, source: "lmstudio" });
  });
});

describe("effectiveContextWindow fallbacks", () => {
  it("uses the setting when the server is unreachable, warns once, and never shows URL credentials", async () => {
    const server = await fake({ flavor: "ollama" });
    await server.setFailure({ kind: "refuse-connections" });
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    vi.useFakeTimers({ toFake: ["Date"] });
    const s = { ...settings(server, "gemma3:1b", 3072), chatBaseUrl: server.url.replace("http://", "http://admin:s3cret@") + "/v1" };
    expect(await effectiveContextWindow(s)).toEqual({ tokens: 3072, source: "setting", detail: "detection failed: ECONNREFUSED" });
    vi.setSystemTime(Date.now() + 61_000);
    expect(await effectiveContextWindow(s)).toMatchObject({ tokens: 3072, source: "setting" });
    expect(warn).toHaveBeenCalledOnce();
    expect(String(warn.mock.calls[0]?.[0])).toMatch(/ECONNREFUSED; using the setting, 3072 tokens\.$/);
    expect(String(warn.mock.calls[0]?.[0])).not.toContain("s3cret");
  });

  it("sends URL credentials as a Basic authorization header (a proxy in front of Ollama)", async () => {
    const server = await fake({ flavor: "ollama", contextLength: 4096 });
    const s = { ...settings(server, "gemma3:1b"), chatBaseUrl: server.url.replace("http://", "http://admin:s3cret@") + "/v1" };
    expect(await effectiveContextWindow(s)).toMatchObject({ tokens: 4096, source: "ollama-ps" });
    expect(server.requests[0]?.headers.authorization).toBe(`Basic ${Buffer.from("admin:s3cret").toString("base64")}`);
  });

  it("gives up after timeoutMs", async () => {
    const silent = await listen(() => undefined);
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    const started = Date.now();
    expect(await effectiveContextWindow(settings(silent, "gemma3:1b", 4000), { timeoutMs: 200 })).toMatchObject({
      tokens: 4000,
      source: "setting",
      detail: "detection failed: no answer within 200 ms",
    });
    expect(Date.now() - started).toBeLessThan(2000);
    expect(warn).toHaveBeenCalledOnce();
  });

  it("uses the setting, quietly, for a hosted endpoint that has neither native API", async () => {
    const hosted = await listen((_req, res) => res.writeHead(404, { "content-type": "application/json" }).end('{"error":"not found"}'));
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    expect(await effectiveContextWindow(settings(hosted, "gpt-4o-mini", 128000))).toMatchObject({ tokens: 128000, source: "setting" });
    expect(await effectiveContextWindow({ chatBaseUrl: "https://example.invalid/openai", chatModel: "m", contextWindow: 1000 })).toMatchObject({ tokens: 1000, source: "setting" });
    expect(await effectiveContextWindow({ chatBaseUrl: "not a url", chatModel: "m", contextWindow: 1000 })).toMatchObject({ tokens: 1000, source: "setting" });
    expect(warn).not.toHaveBeenCalled();
  });
});

async function listen(handler: Parameters<typeof createServer>[1]): Promise<{ url: string }> {
  const server: Server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  servers.push({
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}
