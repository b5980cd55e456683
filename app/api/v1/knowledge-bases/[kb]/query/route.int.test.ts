import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { NO_ANSWER } from "@/lib/ai/prompts";
import { jobScope } from "@/lib/auth/system";
import { db } from "@/lib/db/client";
import { submitDocuments } from "@/lib/ingest/submit";
import { apiRequest, apiWorld, errorOf, waitFor } from "../documents/api-test-world";
import { POST } from "./route";

const DOCS = [
  { sourceId: "leave", title: "Annual leave", content: "Employees accrue twenty-five days of annual leave per calendar year. Unused leave expires at the end of March." },
  { sourceId: "expenses", title: "Expense claims", content: "Expense claims must be filed within thirty days with receipts attached. Claims above 500 euros need approval." },
  { sourceId: "vpn", title: "Remote access", content: "The VPN client must be updated before connecting from a home network." },
];
const LEAVE = "How many days of annual leave do employees accrue?";
const ABSENT = "Which football club won the cup final in 1987?";

let world: Awaited<ReturnType<typeof apiWorld>>;

beforeAll(async () => {
  world = await apiWorld();
  await submitDocuments(jobScope(world.knowledgeBase.id, "test"), DOCS.map((d) => ({ ...d, metadata: {} })), { source: "api", createdById: null, runInline: true });
}, 60_000);
afterAll(async () => {
  await world.model.close();
});
beforeEach(async () => {
  await world.model.setFailure({ kind: "none" });
  world.model.setTokenDelay(0);
  world.model.requests.length = 0;
  await db().knowledgeBase.update({ where: { id: world.knowledgeBase.id }, data: { logQuestions: false } });
});

function query(body: unknown, options: { key?: string | null; kb?: string; headers?: Record<string, string> } = {}) {
  const kb = options.kb ?? world.knowledgeBase.slug;
  const key = options.key === null ? undefined : (options.key ?? world.keys.read);
  const request = apiRequest("POST", `/api/v1/knowledge-bases/${kb}/query`, { key, body, headers: options.headers });
  return POST(request, { params: Promise.resolve({ kb }) });
}

const chatRequests = () => world.model.requests.filter((r) => r.path === "/v1/chat/completions");
const lastAudit = () => db().auditEvent.findFirstOrThrow({ where: { action: "api.query" }, orderBy: { id: "desc" } });

interface ServerEvent {
  event: string;
  data: Record<string, unknown>;
}

/** The Server-Sent Events of a response, in order; `onEvent` may cancel the reading by returning true. */
async function readEvents(response: Response, onEvent: (event: ServerEvent) => boolean | void = () => {}): Promise<ServerEvent[]> {
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  const events: ServerEvent[] = [];
  let buffer = "";
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return events;
    buffer += value;
    let end: number;
    while ((end = buffer.indexOf("\n\n")) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const event = /^event: (.*)$/m.exec(block)![1]!;
      const data = JSON.parse(/^data: (.*)$/m.exec(block)![1]!) as Record<string, unknown>;
      events.push({ event, data });
      if (onEvent({ event, data })) {
        await reader.cancel();
        return events;
      }
    }
  }
}

describe("POST /query: passages", () => {
  it("returns the best passages with their document, range and scores, and calls no chat model", async () => {
    const response = await query({ question: LEAVE });
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    const body = await response.json();
    expect(body).toMatchObject({ mode: "hybrid", refused: false });
    expect(body.answer).toBeUndefined();
    expect(body.passages[0]).toEqual({
      number: 1,
      sourceId: "leave",
      title: "Annual leave",
      documentId: expect.any(String),
      chunkId: expect.stringMatching(/^\d+$/),
      text: expect.stringContaining("twenty-five days"),
      startOffset: 0,
      endOffset: expect.any(Number),
      score: expect.any(Number),
      relevance: expect.any(Number),
    });
    expect(body.passages.map((p: { number: number }) => p.number)).toEqual(body.passages.map((_: unknown, i: number) => i + 1));
    expect(chatRequests()).toHaveLength(0);
  });

  it("takes k and mode, and says when it had to search by words only", async () => {
    const lexical = await (await query({ question: "expense claims receipts", k: 1, mode: "lexical" })).json();
    expect(lexical).toMatchObject({ mode: "lexical", passages: [{ sourceId: "expenses" }] });
    expect(lexical.passages).toHaveLength(1);

    await world.model.setFailure({ kind: "embeddings-down" });
    const fallback = await (await query({ question: "expense claims receipts", mode: "dense" })).json();
    expect(fallback).toMatchObject({ mode: "lexical", notice: expect.stringMatching(/^Searched by words only/), passages: [{ sourceId: "expenses" }] });
  });

  it("audits the query with the key and the knowledge base, and the question only where question text is recorded", async () => {
    await query({ question: LEAVE });
    const key = await db().apiKey.findFirstOrThrow({ where: { knowledgeBaseId: world.knowledgeBase.id, scope: "read" } });
    const event = await lastAudit();
    expect(event).toMatchObject({ actorId: null, targetType: "knowledge_base", targetId: world.knowledgeBase.id });
    expect(event.details).toEqual({ keyId: key.id, mode: "hybrid", passages: expect.any(Number), refused: false });

    await db().knowledgeBase.update({ where: { id: world.knowledgeBase.id }, data: { logQuestions: true } });
    const answered = await (await query({ question: LEAVE, answer: true })).json();
    expect(answered.answer, JSON.stringify(answered.answer)).toMatchObject({ status: "complete" });
    expect((await lastAudit()).details).toMatchObject({ keyId: key.id, question: LEAVE, answer: "complete", stream: false });
    // Not a chat: nothing of it is stored beside the audit event.
    expect(await db().chat.count({ where: { knowledgeBaseId: world.knowledgeBase.id } })).toBe(0);
  });
});

describe("POST /query: answers", () => {
  it("answers from the passages with [n] citations, the model's name and its usage", async () => {
    const body = await (await query({ question: LEAVE, answer: true })).json();
    expect(body.passages[0]).toMatchObject({ number: 1, sourceId: "leave" });
    expect(body.answer).toEqual({
      text: expect.stringMatching(/twenty-five days.*\[1\]/),
      status: "complete",
      citedNumbers: [1],
      model: "gemma3:1b",
      usage: { inputTokens: expect.any(Number), outputTokens: expect.any(Number) },
    });
    const sent = chatRequests()[0]!.body as { messages: { role: string; content: string }[] };
    expect(sent.messages.at(-1)!.content).toMatch(/<context>\n\[1\] Annual leave/);
  });

  it("refuses in code, without a model call, when nothing clears the relevance floor, and shows the nearest passages", async () => {
    const body = await (await query({ question: ABSENT, answer: true })).json();
    expect(body.refused).toBe(true);
    expect(body.passages.every((p: { relevance: number }) => p.relevance < 0.35)).toBe(true);
    expect(body.answer).toEqual({ text: NO_ANSWER, status: "refused", citedNumbers: [], model: "gemma3:1b", usage: null });
    expect(chatRequests()).toHaveLength(0);
  });

  it("still returns the passages when the model is down, with answer.status failed and the reason", async () => {
    await world.model.setFailure({ kind: "refuse-connections" });
    const response = await query({ question: "expense claims receipts", answer: true });
    expect(response.status).toBe(200);
    const body = await response.json();
    // The embedding endpoint is the same server: retrieval went lexical and said so.
    expect(body).toMatchObject({ mode: "lexical", refused: false, passages: [{ sourceId: "expenses" }] });
    expect(body.answer).toMatchObject({ text: "", status: "failed", citedNumbers: [], usage: null });
    expect(body.answer.error).toMatch(/^Nothing is answering at http:\/\/127\.0\.0\.1:\d+\/v1/);
  });
});

describe("POST /query: streamed answers", () => {
  it("sends the passages first, then the answer in pieces, and done last", async () => {
    const response = await query({ question: LEAVE, answer: true, stream: true });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/event-stream; charset=utf-8");
    const events = await readEvents(response);
    const names = events.map((e) => e.event);
    expect(names[0]).toBe("passages");
    expect(names.at(-1)).toBe("done");
    expect(names.slice(1, -1).every((name) => name === "delta")).toBe(true);
    expect(names.length).toBeGreaterThan(3);
    expect(events[0]!.data).toMatchObject({ mode: "hybrid", refused: false, passages: [{ number: 1, sourceId: "leave" }] });
    const text = events.flatMap((e) => (e.event === "delta" ? [e.data.text as string] : [])).join("");
    expect(text).toMatch(/twenty-five days.*\[1\]/);
    expect(events.at(-1)!.data).toEqual({ status: "complete", citedNumbers: [1], model: "gemma3:1b", usage: { inputTokens: expect.any(Number), outputTokens: expect.any(Number) } });
  });

  it("streams the refusal without a model call", async () => {
    const events = await readEvents(await query({ question: ABSENT, answer: true, stream: true }));
    expect(events.map((e) => e.event)).toEqual(["passages", "delta", "done"]);
    expect(events[1]!.data).toEqual({ text: NO_ANSWER });
    expect(events[2]!.data).toMatchObject({ status: "refused" });
    expect(chatRequests()).toHaveLength(0);
  });

  it("ends with an error event carrying the safe reason when the model fails", async () => {
    await world.model.setFailure({ kind: "unknown-model" });
    const events = await readEvents(await query({ question: LEAVE, answer: true, stream: true }));
    expect(events.map((e) => e.event)).toEqual(["passages", "error"]);
    expect(events[1]!.data).toMatchObject({ status: "failed", message: expect.stringMatching(/^The model gemma3:1b was not found at http:\/\/127\.0\.0\.1:\d+\/v1 \(HTTP 404\)/) });

    await world.model.setFailure({ kind: "midstream-error", afterChunks: 3 });
    const cut = await readEvents(await query({ question: LEAVE, answer: true, stream: true }));
    expect(cut.at(-1)).toMatchObject({ event: "error", data: { status: "incomplete", message: expect.any(String) } });
  });

  it("stops the model request when the client disconnects", async () => {
    world.model.setTokenDelay(50);
    const events = await readEvents(await query({ question: LEAVE, answer: true, stream: true }), (event) => event.event === "delta");
    expect(events.map((e) => e.event)).toEqual(["passages", "delta"]);
    await waitFor(async () => chatRequests()[0]?.aborted, (aborted) => aborted === true, 5_000);
    await waitFor(lastAudit, (event) => (event.details as { answer?: string }).answer === "stopped", 5_000);
  });
});

describe("POST /query: keys and bodies", () => {
  it("accepts a read key and a write key of the knowledge base, by id or slug", async () => {
    expect((await query({ question: LEAVE }, { kb: world.knowledgeBase.id })).status).toBe(200);
    expect((await query({ question: LEAVE }, { key: world.keys.write })).status).toBe(200);
  });

  it("answers 404 for another knowledge base and 401 without a valid key", async () => {
    expect(await errorOf(await query({ question: LEAVE }, { key: world.keys.otherWrite }))).toMatchObject({ code: "not_found" });
    const other = await query({ question: LEAVE }, { kb: world.other.slug });
    expect(other.status).toBe(404);
    const missing = await query({ question: LEAVE }, { key: null });
    expect(missing.status).toBe(401);
    expect(missing.headers.get("www-authenticate")).toBe("Bearer");
    expect((await query({ question: LEAVE }, { key: "enc_not-a-key" })).status).toBe(401);
  });

  it.each([
    [{}, /^"question" is missing/],
    [{ question: "   " }, /^"question" is empty/],
    [{ question: "x".repeat(8_001) }, /^"question" is 8,001 characters long; the limit is 8,000\.$/],
    [{ question: 42 }, /^"question" must be text; got 42\.$/],
    [{ question: LEAVE, k: 0 }, /^"k" must be a whole number from 1 to 50; got 0\.$/],
    [{ question: LEAVE, k: 51 }, /^"k" must be a whole number from 1 to 50/],
    [{ question: LEAVE, k: 2.5 }, /^"k" must be a whole number/],
    [{ question: LEAVE, mode: "semantic" }, /^"mode" must be "hybrid", "lexical" or "dense"; got "semantic"\.$/],
    [{ question: LEAVE, answer: "yes" }, /^"answer" must be true or false/],
    [{ question: LEAVE, stream: true }, /^"stream" needs "answer": true/],
    [{ question: LEAVE, top_k: 3 }, /^Unknown field "top_k"\. The body takes "question", "k", "mode", "answer", "stream"\.$/],
    [[LEAVE], /^The body must be a JSON object/],
  ])("refuses the body %j with a 400 naming what is wrong", async (body, message) => {
    const response = await query(body);
    expect(response.status).toBe(400);
    expect(await errorOf(response)).toEqual({ code: "invalid_input", message: expect.stringMatching(message) });
  });

  it("refuses malformed JSON with its line and column, another media type with 415, and a huge body with 413", async () => {
    const malformed = await query('{"question": "x",\n}');
    expect(await errorOf(malformed)).toMatchObject({ code: "invalid_json", line: 2, column: 1 });
    expect((await query(JSON.stringify({ question: LEAVE }), { headers: { "content-type": "text/plain" } })).status).toBe(415);
    expect((await query({ question: "x".repeat(70_000) })).status).toBe(413);
  });
});
