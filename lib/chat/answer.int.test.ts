import { randomUUID } from "node:crypto";
import type { UIMessageChunk } from "ai";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { jobScope } from "@/lib/auth/system";
import { db } from "@/lib/db/client";
import { getMessages } from "@/lib/db/chats";
import { submitDocuments } from "@/lib/ingest/submit";
import type { FakeModelServer } from "@/scripts/fake-model-server";
import { actingUser, createTestTeam, createTestUser } from "@/tests/fixtures";
import { ingestWorld } from "@/tests/ingest-harness";
import { answer } from "./answer";
import type { AnswerMetadata, CitationInfo } from "./message-types";

const DOCS = [
  { sourceId: "leave", title: "Annual leave", content: "Employees accrue twenty-five days of annual leave per calendar year. Unused leave expires at the end of March." },
  { sourceId: "expenses", title: "Expense claims", content: "Expense claims must be filed within thirty days with receipts attached. Claims above 500 euros need approval." },
  { sourceId: "vpn", title: "Remote access", content: "The VPN client must be updated before connecting from a home network." },
];

let model: FakeModelServer;
let kbId: string;
let reader: ReturnType<typeof actingUser>;

beforeAll(async () => {
  const world = await ingestWorld();
  model = world.model;
  kbId = world.knowledgeBase.id;
  await submitDocuments(jobScope(kbId, "test"), DOCS.map((d) => ({ ...d, metadata: {} })), { source: "api", createdById: null, runInline: true });
  const user = await createTestUser();
  await db().membership.create({ data: { userId: user.id, teamId: world.knowledgeBase.teamId, role: "reader" } });
  reader = actingUser(user);
}, 60_000);
afterAll(async () => {
  await model.close();
});
beforeEach(async () => {
  await model.setFailure({ kind: "none" });
  model.setTokenDelay(0);
  model.requests.length = 0;
});

interface Run {
  chunks: UIMessageChunk[];
  text: string;
  sources: CitationInfo[];
  metadata: AnswerMetadata;
}

async function ask(question: string, options: { chatId?: string; abortAfterFirstDelta?: boolean } = {}): Promise<Run & { chatId: string }> {
  const chatId = options.chatId ?? randomUUID();
  const controller = new AbortController();
  const stream = await answer({ user: reader, chatId, knowledgeBaseId: kbId, question, signal: controller.signal });
  const chunks: UIMessageChunk[] = [];
  const reader_ = stream.getReader();
  for (;;) {
    const { done, value } = await reader_.read();
    if (done) break;
    chunks.push(value as UIMessageChunk);
    if (options.abortAfterFirstDelta && (value as UIMessageChunk).type === "text-delta") controller.abort();
  }
  const text = chunks.flatMap((c) => (c.type === "text-delta" ? [c.delta] : [])).join("");
  const sources = chunks.flatMap((c) => (c.type === "source-document" ? [(c.providerMetadata as unknown as { enclave: CitationInfo }).enclave] : []));
  const finish = chunks.find((c) => c.type === "finish") as { messageMetadata: AnswerMetadata } | undefined;
  return { chatId, chunks, text, sources, metadata: finish!.messageMetadata };
}

const chatRequests = () => model.requests.filter((r) => r.path === "/v1/chat/completions");

describe("answers grounded in the knowledge base", () => {
  it("streams citations before the text, cites the right passage, and stores both", async () => {
    const run = await ask("How many days of annual leave do employees accrue?");
    const firstSource = run.chunks.findIndex((c) => c.type === "source-document");
    const firstText = run.chunks.findIndex((c) => c.type === "text-delta");
    expect(firstSource).toBeGreaterThan(-1);
    expect(firstSource).toBeLessThan(firstText);
    expect(run.text).toMatch(/twenty-five days .*\[1\]/);
    expect(run.sources[0]).toMatchObject({ number: 1, sourceId: "leave", title: "Annual leave", knowledgeBaseId: kbId, isNearest: false });
    expect(run.metadata.status).toBe("complete");
    expect(run.metadata.details).toMatchObject({ model: "gemma3:1b", endpointKind: "local", retrievalMode: "hybrid", contextWindow: { tokens: 4096, source: "ollama-ps" } });

    const stored = await getMessages(reader, run.chatId);
    expect(stored.map((m) => [m.role, m.status])).toEqual([["user", "complete"], ["assistant", "complete"]]);
    const cited = stored[1]!.citations.find((c) => c.number === 1)!;
    expect(cited).toMatchObject({ sourceId: "leave", isCited: true, startOffset: 0 });
    expect(DOCS[0]!.content.slice(cited.startOffset, cited.endOffset)).toBe(cited.text);
  });

  it("refuses in code, without calling the model, when nothing is evidence, and shows the nearest passages", async () => {
    const run = await ask("Which planets have rings in the solar system?");
    expect(run.text).toBe("I don't have enough information to answer that.");
    expect(run.metadata.status).toBe("refused");
    expect(chatRequests()).toHaveLength(0);
    expect(run.sources.length).toBeGreaterThan(0);
    expect(run.sources.every((source) => source.isNearest)).toBe(true);
  });

  it("rewrites a follow-up with the history and answers in the same chat", async () => {
    const first = await ask("When must expense claims be filed?");
    const second = await ask("and what about claims above 500 euros?", { chatId: first.chatId });
    expect(second.metadata.status).toBe("complete");
    expect(second.sources.some((source) => source.sourceId === "expenses")).toBe(true);
    const stored = await getMessages(reader, first.chatId);
    expect(stored).toHaveLength(4);
    // The rewrite asked the model once, then the answer: two chat calls for the follow-up.
    expect(chatRequests().length).toBeGreaterThanOrEqual(2);
  });
});

describe("faults", () => {
  it("keeps the partial answer and marks it incomplete when the model fails mid-stream", async () => {
    await model.setFailure({ kind: "midstream-error", afterChunks: 3 });
    const run = await ask("How many days of annual leave do employees accrue?");
    expect(run.text.length).toBeGreaterThan(0);
    expect(run.metadata.status).toBe("incomplete");
    const stored = (await getMessages(reader, run.chatId)).at(-1)!;
    expect(stored).toMatchObject({ status: "incomplete", content: run.text });
  });

  it("answers with the passages alone when the model is down, naming the endpoint and what to do", async () => {
    await model.setFailure({ kind: "unknown-model" });
    const run = await ask("When must expense claims be filed?");
    expect(run.metadata.status).toBe("failed");
    expect(run.metadata.error).toMatch(/The model gemma3:1b was not found at http:\/\/127\.0\.0\.1:\d+\/v1 .*ollama pull gemma3:1b/);
    expect(run.text).toMatch(/The passages below matched your question\./);
    expect(run.sources.some((source) => source.sourceId === "expenses")).toBe(true);
  });

  it("stops the upstream request when the user stops, and stores the partial answer as stopped", async () => {
    model.setTokenDelay(30);
    const run = await ask("Give a long answer: how many days of annual leave do employees accrue?", { abortAfterFirstDelta: true });
    const stored = (await getMessages(reader, run.chatId)).at(-1)!;
    expect(stored.status).toBe("stopped");
    await expect.poll(() => chatRequests().at(-1)?.aborted, { timeout: 5_000 }).toBe(true);
  });
});

describe("isolation", () => {
  it("another user cannot continue someone's chat, and a member of another team cannot ask this base", async () => {
    const first = await ask("When must expense claims be filed?");
    const outsider = actingUser(await createTestUser());
    await createTestTeam([{ userId: outsider.id, role: "editor" }]);
    const signal = new AbortController().signal;
    await expect(answer({ user: outsider, chatId: first.chatId, question: "hello?", signal })).rejects.toThrow("Chat not found.");
    await expect(answer({ user: outsider, chatId: randomUUID(), knowledgeBaseId: kbId, question: "hello?", signal })).rejects.toThrow("Knowledge base not found.");
    await expect(getMessages(outsider, first.chatId)).rejects.toThrow("Chat not found.");
  });
});
