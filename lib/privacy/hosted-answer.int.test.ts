import { createHash, randomBytes, randomUUID } from "node:crypto";
import type { UIMessageChunk } from "ai";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { answer } from "@/lib/chat/answer";
import type { AnswerMetadata } from "@/lib/chat/message-types";
import { jobScope } from "@/lib/auth/system";
import { getMessages } from "@/lib/db/chats";
import { db } from "@/lib/db/client";
import { submitDocuments } from "@/lib/ingest/submit";
import { startFakeModelServer, type FakeModelServer } from "@/scripts/fake-model-server";
import { actingUser, createTestUser } from "@/tests/fixtures";
import { ingestWorld } from "@/tests/ingest-harness";
import { maskedBadgeText } from "./badge";
import type { PiiCounts } from "./pii/kinds";
import { sealKnowledgeBaseApiKey } from "./secrets";

// The chat flow itself (lib/chat/answer.ts) on a hosted knowledge base, the fake model server on its own port standing
// in for the hosted service and capturing every payload.

const SECRET_KEY = randomBytes(32).toString("base64");
process.env.ENCLAVE_SECRET_KEY ??= SECRET_KEY;
const API_KEY = `sk-hosted-${randomBytes(12).toString("hex")}`;
const DOCS = [
  { sourceId: "directory", title: "Payroll team", content: "Maria Schmidt leads the payroll team. Write to maria.schmidt@example.org or call +49 30 12345678 about payslips." },
  { sourceId: "patient", title: "Ward notes", content: "Patient record MRN-004512 belongs to Kwame Mensah, born 3 March 1984, who lives at 42 Elm Road, Leeds. His mobile is 07700 900123." },
];
const RAW = ["Maria Schmidt", "Schmidt", "maria.schmidt@example.org", "12345678", "MRN-004512", "Kwame Mensah", "Mensah", "3 March 1984", "42 Elm Road", "07700 900123"];

let local: FakeModelServer;
let hosted: FakeModelServer;
let kbId: string;
let reader: ReturnType<typeof actingUser>;

beforeAll(async () => {
  const world = await ingestWorld();
  local = world.model;
  hosted = await startFakeModelServer({ port: 0, flavor: "ollama" });
  kbId = world.knowledgeBase.id;
  await submitDocuments(jobScope(kbId, "test"), DOCS.map((d) => ({ ...d, metadata: {} })), { source: "api", createdById: null, runInline: true });
  await db().knowledgeBase.update({
    where: { id: kbId },
    data: {
      modelLocation: "hosted",
      chatBaseUrl: `${hosted.url}/v1`,
      chatApiKeyEncrypted: sealKnowledgeBaseApiKey(kbId, API_KEY, process.env.ENCLAVE_SECRET_KEY),
      piiPatterns: [{ label: "MRN", pattern: String.raw`MRN-\d{6}` }],
    },
  });
  const user = await createTestUser();
  await db().membership.create({ data: { userId: user.id, teamId: world.knowledgeBase.teamId, role: "reader" } });
  reader = actingUser(user);
}, 60_000);
afterAll(async () => {
  await Promise.all([local?.close(), hosted?.close()]);
});

async function ask(question: string, chatId = randomUUID()) {
  const stream = await answer({ user: reader, chatId, knowledgeBaseId: kbId, question, signal: new AbortController().signal });
  const chunks: UIMessageChunk[] = [];
  const streamReader = stream.getReader();
  for (let read = await streamReader.read(); !read.done; read = await streamReader.read()) chunks.push(read.value as UIMessageChunk);
  const text = chunks.flatMap((c) => (c.type === "text-delta" ? [c.delta] : [])).join("");
  const finish = chunks.find((c) => c.type === "finish") as { messageMetadata: AnswerMetadata };
  return { chatId, chunks, text, metadata: finish.messageMetadata };
}

const hostedChats = () => hosted.requests.filter((request) => request.path === "/v1/chat/completions");

describe("a hosted knowledge base answering through answer()", () => {
  it("masks everything that leaves, restores the answer the user sees, and logs the call", async () => {
    const output = [vi.spyOn(console, "log"), vi.spyOn(console, "warn"), vi.spyOn(console, "error"), vi.spyOn(console, "info")];
    const first = await ask("Where does Kwame Mensah live, and what is his record number?");
    expect(first.metadata.status).toBe("complete");
    expect(first.text).toContain("Kwame Mensah");
    expect(first.text).toContain("42 Elm Road, Leeds");
    expect(first.metadata.details).toMatchObject({ endpointKind: "hosted", privacy: { maskedCounts: expect.objectContaining({ PERSON: expect.any(Number), MRN: 1 }) } });
    const details = first.metadata.details as { privacy?: { maskedCounts: PiiCounts } };
    expect(maskedBadgeText(details.privacy!.maskedCounts)).toMatch(/^Answered by a hosted model — \d+ personal details masked$/);
    const stored = await getMessages(reader, first.chatId);
    expect(stored.at(-1)!.content).toBe(first.text);

    const second = await ask("And his mobile number?", first.chatId);
    expect(second.metadata.status).toBe("complete");
    const sent = hostedChats();
    expect(sent.length).toBeGreaterThanOrEqual(3); // answer, rewrite, answer
    for (const request of sent) {
      for (const value of RAW) expect(request.rawBody).not.toContain(value);
      expect(request.headers.authorization).toBe(`Bearer ${API_KEY}`);
    }
    expect(local.requests.some((request) => request.path === "/v1/chat/completions")).toBe(false);

    const events = await db().egressEvent.findMany({ where: { chatId: first.chatId }, orderBy: { id: "asc" } });
    expect(events.map((event) => event.purpose)).toEqual(["answer", "rewrite", "answer"]);
    expect(events.map((event) => event.payloadSha256)).toEqual(sent.map((request) => createHash("sha256").update(request.rawBody).digest("hex")));
    expect(events.every((event) => event.status === "ok" && event.userId === reader.id)).toBe(true);

    const everything = JSON.stringify([first.chunks, second.chunks, events, output.flatMap((spy) => spy.mock.calls)], (_k, v: unknown) => (typeof v === "bigint" ? String(v) : v));
    expect(everything).not.toContain(API_KEY);
  }, 60_000);
});
