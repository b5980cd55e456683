import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { countPromptTokens, type FakeModelServer, fakeEmbedding, NO_ANSWER, startFakeModelServer } from "./fake-model-server";
import { errorBody, fixture, goStyle, shapeOf, sseShape } from "./fake-model/fixture-compare";

async function call(url: string, body?: unknown, method = body === undefined ? "GET" : "POST") {
  const init: RequestInit = { method, headers: { "content-type": "application/json" } };
  if (body !== undefined) init.body = typeof body === "string" ? body : JSON.stringify(body);
  const res = await fetch(url, init);
  return { status: res.status, type: res.headers.get("content-type"), text: await res.text() };
}

const RAG_SYSTEM = "Answer only from the context.\n<context>\n[1] Salt & pepper <spice> season food well. They are cheap.\n\n[2] The sky looks blue because air scatters short wavelengths more than long ones. Sunsets are red.\n</context>";
const rag = (question: string, extra: Record<string, unknown> = {}, model = "gemma3:1b") => ({
  model,
  messages: [{ role: "system", content: RAG_SYSTEM }, { role: "user", content: question }],
  ...extra,
});
const streamed = { stream: true, stream_options: { include_usage: true } };

let ollama: FakeModelServer, classic: FakeModelServer, lmstudio: FakeModelServer, empty: FakeModelServer;
beforeAll(async () => {
  [ollama, classic, lmstudio, empty] = await Promise.all([
    startFakeModelServer({ contextLength: 8192 }),
    startFakeModelServer({ flavor: "ollama-classic" }),
    startFakeModelServer({ flavor: "lmstudio", chatModels: ["gemma-3-1b-it-qat"] }),
    startFakeModelServer({ chatModels: [], embeddingModels: [] }),
  ]);
});
afterAll(async () => {
  await Promise.all([ollama, classic, lmstudio, empty].map((s) => s.close()));
});

describe("chat completions match the fixtures", () => {
  it.each([
    ["ollama-v1-chat-stream.v0.32.6+.include_usage.sse", () => ollama, streamed, goStyle],
    ["ollama-v1-chat-stream.v0.32.6+.sse", () => ollama, { stream: true }, goStyle],
    ["ollama-v1-chat-stream.v0.32.6+.length.sse", () => ollama, { stream: true, max_tokens: 2 }, goStyle],
    ["ollama-v1-chat-stream.v0.5.2-v0.32.5.include_usage.sse", () => classic, streamed, goStyle],
    ["lmstudio-v1-chat-stream.0.3.18+.include_usage.sse", () => lmstudio, streamed, JSON.stringify],
    ["lmstudio-v1-chat-stream.0.3.x.sse", () => lmstudio, { stream: true }, JSON.stringify],
  ] as const)("streams with the framing of %s", async (name, server, extra, serialise) => {
    const model = server() === lmstudio ? "gemma-3-1b-it-qat" : "gemma3:1b";
    const res = await call(`${server().url}/v1/chat/completions`, rag("Why is the sky blue?", extra, model));
    expect(res.status).toBe(200);
    expect(res.type).toBe("text/event-stream");
    expect(sseShape(res.text, serialise)).toEqual(sseShape(fixture(name), serialise));
    expect(res.text.includes('"usage"')).toBe("stream_options" in extra);
  });

  it("escapes like Go in Ollama output and cites the best passage", async () => {
    const res = await call(`${ollama.url}/v1/chat/completions`, rag("What about salt and pepper?"));
    expect(res.text).toContain("Salt \\u0026 pepper \\u003cspice\\u003e season food well. [1]");
    expect(JSON.parse(res.text).choices[0].message.content).toBe("Salt & pepper <spice> season food well. [1]");
  });

  it("non-streaming bodies have the fixtures' fields, order and whitespace", async () => {
    const o = await call(`${ollama.url}/v1/chat/completions`, rag("Why is the sky blue?"));
    expect(o.type).toBe("application/json");
    expect(o.text).toBe(goStyle(JSON.parse(o.text)) + "\n");
    expect(shapeOf(o.text)).toBe(shapeOf(fixture("ollama-v1-chat-nonstream.response.json")));
    expect(JSON.parse(o.text).choices[0].message.content).toBe("The sky looks blue because air scatters short wavelengths more than long ones. [2]");

    const l = await call(`${lmstudio.url}/v1/chat/completions`, rag("Why is the sky blue?", {}, "gemma-3-1b-it-qat"));
    expect(l.text).toBe(JSON.stringify(JSON.parse(l.text), null, 2) + "\n");
    expect(shapeOf(l.text)).toBe(shapeOf(fixture("lmstudio-v1-chat-nonstream.response.json")));
  });

  it("native /api/chat streams NDJSON like the fixture", async () => {
    const res = await call(`${ollama.url}/api/chat`, rag("Why is the sky blue?"));
    expect(res.type).toBe("application/x-ndjson");
    const shape = (body: string): string[] => {
      expect(body.endsWith("}\n")).toBe(true);
      const lines = body.slice(0, -1).split("\n");
      for (const line of lines) expect(line).toBe(goStyle(JSON.parse(line)));
      return lines.map(shapeOf).filter((l, i, all) => all[i - 1] !== l);
    };
    expect(shape(res.text)).toEqual(shape(fixture("ollama-api-chat.stream.ndjson")));
  });

  it("answers deterministically: no overlap means no answer, 'long' means ~400 tokens", async () => {
    const none = await call(`${ollama.url}/v1/chat/completions`, rag("Who won the football match?"));
    expect(JSON.parse(none.text).choices[0].message.content).toBe(NO_ANSWER);
    const long = await call(`${ollama.url}/v1/chat/completions`, rag("Give a long answer about the sky"));
    expect(JSON.parse(long.text).usage.completion_tokens).toBeGreaterThanOrEqual(400);
  });

  it("a failure after the first chunk leaves a junk chunk and no finish or [DONE]", async () => {
    await ollama.setFailure({ kind: "midstream-error", afterChunks: 1 });
    const res = await call(`${ollama.url}/v1/chat/completions`, rag("Why is the sky blue?", streamed));
    await ollama.setFailure({ kind: "none" });
    expect(res.status).toBe(200);
    expect(res.text).not.toContain("[DONE]");
    expect(res.text).not.toMatch(/"finish_reason":"/);
    const name = "ollama-v1-chat-stream.v0.32.6+.midstream-error.sse";
    expect(sseShape(res.text, goStyle)).toEqual(sseShape(fixture(name), goStyle));
  });
});

describe("models", () => {
  it("lists models exactly as the fixtures, including Ollama's data:null", async () => {
    expect((await call(`${ollama.url}/v1/models`)).text).toBe(fixture("ollama-v1-models.response.json"));
    expect((await call(`${ollama.url}/v1/models/gemma3:1b`)).text).toBe(fixture("ollama-v1-models-gemma3-1b.response.json"));
    expect((await call(`${empty.url}/v1/models`)).text).toBe(fixture("ollama-v1-models.empty.response.json"));
    const lm = await startFakeModelServer({ flavor: "lmstudio", chatModels: ["gemma-3-1b-it-qat"], embeddingModels: [{ id: "text-embedding-nomic-embed-text-v1.5", dimension: 768 }] });
    expect((await call(`${lm.url}/v1/models`)).text).toBe(fixture("lmstudio-v1-models.response.json"));
    const v0 = JSON.parse((await call(`${lm.url}/api/v0/models`)).text);
    expect(v0.data[0]).toMatchObject({ id: "gemma-3-1b-it-qat", type: "llm", state: "loaded", max_context_length: 4096 });
    await lm.close();
  });

  it("reports the loaded context in /api/ps and the trained one in /api/show", async () => {
    const ps = JSON.parse((await call(`${ollama.url}/api/ps`)).text);
    expect(ps.models[0]).toMatchObject({ name: "gemma3:1b", context_length: 8192 });
    const show = JSON.parse((await call(`${ollama.url}/api/show`, { model: "gemma3:1b" })).text);
    expect(show.model_info["gemma3.context_length"]).toBe(32768);
    expect(JSON.parse((await call(`${classic.url}/api/version`)).text)).toEqual({ version: "0.32.5" });
  });
});

describe("errors are byte-equal to errors.json", () => {
  const chat = "POST /v1/chat/completions";
  it.each([
    [{ model: "gemma3:1b", messages: [] }, chat, "messages: []"],
    [{ model: "gemma3:1b", messages: "hi" }, chat, "malformed body"],
    [{ model: "all-minilm", messages: [{ role: "user", content: "hi" }] }, chat, "embedding-only model"],
    [{ model: "all-minilm", input: [] }, "POST /v1/embeddings", "input missing"],
    [{ model: "all-minilm", input: "x", encoding_format: "int8" }, "POST /v1/embeddings", "encoding_format"],
  ])("ollama %j", async (body, endpoint, condition) => {
    const path = endpoint.split(" ")[1] ?? "";
    const res = await call(`${ollama.url}${path}`, body);
    expect(res.text).toBe(errorBody("ollama", endpoint, condition));
    expect(res.type).toBe("application/json; charset=utf-8");
  });

  it("unknown-model gives each flavor's 404 body", async () => {
    await ollama.setFailure({ kind: "unknown-model" });
    const chatRes = await call(`${ollama.url}/v1/chat/completions`, rag("hi", streamed));
    expect([chatRes.status, chatRes.text]).toEqual([404, errorBody("ollama", chat, "model not pulled")]);
    const emb = await call(`${ollama.url}/v1/embeddings`, { model: "nomic-embed-text", input: "x" });
    expect(emb.text).toBe(errorBody("ollama", "POST /v1/embeddings", "model not pulled"));
    const native = await call(`${ollama.url}/api/chat`, rag("hi"));
    expect(native.text).toBe(errorBody("ollama", "POST /api/chat", "model not pulled"));
    await ollama.setFailure({ kind: "none" });

    const lm = await startFakeModelServer({ flavor: "lmstudio", chatModels: ["gemma-3-27b-it-qat", "qwen2.5-coder-3b-instruct"], embeddingModels: [] });
    const res = await call(`${lm.url}/v1/chat/completions`, rag("hi", {}, "default"));
    expect([res.status, res.text]).toEqual([404, errorBody("lmstudio", chat, "unknown model id")]);
    await lm.close();
    // With exactly one model loaded, LM Studio ignores the model field.
    const single = await startFakeModelServer({ flavor: "lmstudio", embeddingModels: [] });
    const any = await call(`${single.url}/v1/chat/completions`, rag("hi", {}, "default"));
    expect(JSON.parse(any.text).model).toBe("google/gemma-3-1b");
    await single.close();
  });
});

describe("context length", () => {
  const animals = ["aardvark", "badger", "camel", "dingo", "eland", "ferret", "gecko", "heron", "ibis", "jackal", "koala", "lemur", "marmot", "newt", "ocelot", "panda", "quokka", "raven", "stoat", "tapir"];
  const passages = animals.map((a, i) => `[${i + 1}] The ${a} appears in this passage with filler words about habitat, diet and behaviour in the wild.`).join("\n\n");
  const longChat = (question: string) => [
    { role: "system", content: "Answer only from the context.\n[99] Zebras have black and white stripes." },
    ...Array.from({ length: 3 }, (_, i) => [{ role: "user", content: `Old question ${i} about nothing in particular at all.` }, { role: "assistant", content: `Old answer ${i}.` }]).flat(),
    { role: "user", content: `<context>\n${passages}\n</context>\nQuestion: ${question}` },
  ];

  it("Ollama truncates silently, keeping the system and the tail of the last message", async () => {
    const small = await startFakeModelServer({ contextLength: 256 });
    const ask = async (q: string) => JSON.parse((await call(`${small.url}/v1/chat/completions`, { model: "gemma3:1b", messages: longChat(q) })).text);
    const sent = countPromptTokens(longChat("what about zebras?"));
    expect(sent).toBeGreaterThan(256);
    const zebra = await ask("what about zebras?");
    expect(zebra.usage.prompt_tokens).toBeLessThanOrEqual(256 / 2 + 2);
    expect(zebra.choices[0].message.content).toBe("Zebras have black and white stripes. [99]");
    expect((await ask("what about the tapir?")).choices[0].message.content).toMatch(/tapir .* \[20\]$/);
    expect((await ask("what about the eland?")).choices[0].message.content).toBe(NO_ANSWER); // lost from the middle
    await small.close();
  });

  it("LM Studio answers with its plain-string context error", async () => {
    const lm = await startFakeModelServer({ flavor: "lmstudio", contextLength: 64 });
    const res = await call(`${lm.url}/v1/chat/completions`, { model: "google/gemma-3-1b", messages: longChat("zebras?"), stream: true });
    expect(res.status).toBe(400);
    expect(JSON.parse(res.text).error).toMatch(/^Trying to keep the first \d+ tokens when context the overflows\. .* only 64 tokens/);
    await lm.close();
  });
});

describe("embeddings", () => {
  const embed = async (input: unknown, extra: Record<string, unknown> = {}) => call(`${ollama.url}/v1/embeddings`, { model: "all-minilm", input, ...extra });
  const dot = (a: number[], b: number[]) => a.reduce((s, x, i) => s + x * (b[i] ?? 0), 0);

  it("are deterministic, normalised, the model's dimension, and meaningful", async () => {
    const texts = ["The sky is blue because of Rayleigh scattering", "Rayleigh scattering makes the sky look blue", "Kangaroos carry their young in a pouch"];
    const res = await embed(texts);
    expect(res.text).toBe(goStyle(JSON.parse(res.text)) + "\n");
    expect(shapeOf(res.text)).toBe(shapeOf(fixture("ollama-v1-embeddings.response.json")).replace('"index":0}]', '"index":0},{"object":"embedding","embedding":"<vector>","index":1},{"object":"embedding","embedding":"<vector>","index":2}]'));
    const [a = [], b = [], c = []] = (JSON.parse(res.text).data as { embedding: number[] }[]).map((d) => d.embedding);
    expect(a).toHaveLength(384);
    expect(Math.hypot(...a)).toBeCloseTo(1, 5);
    expect(a.map(Math.fround)).toEqual(fakeEmbedding(texts[0] ?? "", 384));
    expect(dot(a, b)).toBeGreaterThan(0.6);
    expect(Math.abs(dot(a, c))).toBeLessThan(0.2);
    expect(JSON.parse((await embed(texts)).text).data[0].embedding).toEqual(a);
    const nomic = JSON.parse((await call(`${ollama.url}/v1/embeddings`, { model: "nomic-embed-text", input: "x" })).text);
    expect(nomic.data[0].embedding).toHaveLength(768);
  });

  it("base64 decodes to the same float32 values; /api/embed has the native shape", async () => {
    const text = "search_document: The sky is blue";
    const floats = JSON.parse((await embed(text)).text).data[0].embedding as number[];
    const b64 = JSON.parse((await embed(text, { encoding_format: "base64" })).text).data[0].embedding as string;
    const buf = Buffer.from(b64, "base64");
    expect(Array.from({ length: buf.length / 4 }, (_, i) => buf.readFloatLE(i * 4))).toEqual(floats.map(Math.fround));
    const native = await call(`${ollama.url}/api/embed`, { model: "all-minilm", input: text });
    expect(Object.keys(JSON.parse(native.text))).toEqual(["model", "embeddings", "total_duration", "load_duration", "prompt_eval_count"]);
    expect(native.text.endsWith("}")).toBe(true); // gin's c.JSON: no trailing newline
  });

  it("embeddings-down answers 500 with the flavor's error", async () => {
    await ollama.setFailure({ kind: "embeddings-down" });
    const res = await embed("x");
    await ollama.setFailure({ kind: "none" });
    expect(res.status).toBe(500);
    expect(JSON.parse(res.text).error).toMatchObject({ type: "api_error", code: null });
  });
});

describe("failure modes and control", () => {
  const refused = async (url: string) => {
    const err = await fetch(`${url}/v1/models`).then(() => undefined, (e: unknown) => e as { cause?: { code?: string } });
    return err?.cause?.code;
  };

  it("refuse-connections gives ECONNREFUSED, then recovers (in process and over HTTP)", async () => {
    const s = await startFakeModelServer();
    await s.setFailure({ kind: "refuse-connections" });
    expect(await refused(s.url)).toBe("ECONNREFUSED");
    await s.setFailure({ kind: "none" });
    expect((await call(`${s.url}/v1/models`)).status).toBe(200);
    await call(`${s.url}/__fake/failure`, { kind: "refuse-connections", durationMs: 300 });
    await new Promise((r) => setTimeout(r, 50));
    expect(await refused(s.url)).toBe("ECONNREFUSED");
    await expect.poll(async () => (await refused(s.url)) ?? "up", { timeout: 2000, interval: 100 }).toBe("up");
    await s.close();
  });

  it("records a client abort mid-stream", async () => {
    const s = await startFakeModelServer({ tokenDelayMs: 5 });
    const controller = new AbortController();
    const res = await fetch(`${s.url}/v1/chat/completions`, { method: "POST", body: JSON.stringify(rag("give a long answer", { stream: true })), signal: controller.signal });
    await res.body?.getReader().read();
    controller.abort();
    await expect.poll(() => s.requests.at(-1)?.aborted, { timeout: 2000 }).toBe(true);
    await s.close();
  });

  it("delays the first token and switches flavor, failure and log over HTTP", async () => {
    const s = await startFakeModelServer();
    await s.setFailure({ kind: "slow-first-token", delayMs: 200 });
    const started = Date.now();
    await call(`${s.url}/v1/chat/completions`, rag("Why is the sky blue?"));
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
    expect((await call(`${s.url}/__fake/failure`, { kind: "unknown-model" })).status).toBe(200);
    expect((await call(`${s.url}/v1/chat/completions`, rag("hi"))).status).toBe(404);
    expect((await call(`${s.url}/__fake/failure`, { kind: "bogus" })).status).toBe(400);
    await call(`${s.url}/__fake/failure`, { kind: "none" });
    expect((await call(`${s.url}/__fake/flavor`, { flavor: "lmstudio" })).status).toBe(200);
    expect(JSON.parse((await call(`${s.url}/v1/models`)).text).data[0].owned_by).toBe("organization_owner");
    const log = JSON.parse((await call(`${s.url}/__fake/requests`)).text) as { path: string; body: unknown }[];
    expect(log.map((r) => r.path)).toEqual(["/v1/chat/completions", "/v1/chat/completions", "/v1/models"]);
    expect(log[0]?.body).toMatchObject({ model: "gemma3:1b" });
    await call(`${s.url}/__fake/requests`, undefined, "DELETE");
    expect(s.requests).toHaveLength(0);
    await s.close();
  });
});
