import { createOpenAICompatible } from "@ai-sdk/openai-compatible";
import { streamText } from "ai";
import { createHash, randomBytes, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { buildMessages, DEFAULT_INSTRUCTIONS, type HistoryMessage } from "@/lib/ai/prompts";
import { authorizeKnowledgeBase } from "@/lib/auth/authorize";
import { jobScope } from "@/lib/auth/system";
import { db } from "@/lib/db/client";
import { submitDocuments } from "@/lib/ingest/submit";
import { retrieve } from "@/lib/rag/retrieve";
import { startFakeModelServer, type FakeModelServer } from "@/scripts/fake-model-server";
import { actingUser, createTestUser } from "@/tests/fixtures";
import { ingestWorld } from "@/tests/ingest-harness";
import { openHostedSession, type HostedChatSettings, type HostedSession } from "./hosted-session";
import { sealKnowledgeBaseApiKey } from "./secrets";

// The privacy pieces wired the way the chat flow uses them, against a "hosted" endpoint (the fake model server on its
// own port) that captures every payload: mask → buildMessages → egressFetch → stream → restorer.

const SECRET_KEY = randomBytes(32).toString("hex");
const API_KEY = `sk-hosted-${randomBytes(12).toString("hex")}`;
const DOCS = [
  { sourceId: "directory", title: "Payroll team", content: "Maria Schmidt leads the payroll team. Write to maria.schmidt@example.org or call +49 30 12345678 about payslips." },
  { sourceId: "patient", title: "Ward notes", content: "Patient record MRN-004512 belongs to Kwame Mensah, born 3 March 1984, who lives at 42 Elm Road, Leeds. His mobile is 07700 900123." },
  { sourceId: "vpn", title: "Remote access", content: "Priya Raghunathan approves VPN access requests; reach her at priya.r@example.in or on 020 7946 0958." },
];
const RAW_VALUES = [
  "Maria Schmidt", "Schmidt", "maria.schmidt@example.org", "+49 30 12345678", "MRN-004512", "Kwame Mensah", "Mensah", "3 March 1984",
  "42 Elm Road", "07700 900123", "Priya Raghunathan", "Raghunathan", "priya.r@example.in", "020 7946 0958",
];

let local: FakeModelServer;
let hosted: FakeModelServer;
let kb: Awaited<ReturnType<typeof ingestWorld>>["knowledgeBase"];
let reader: ReturnType<typeof actingUser>;

beforeAll(async () => {
  const world = await ingestWorld();
  local = world.model;
  hosted = await startFakeModelServer({ port: 0, flavor: "ollama" });
  await submitDocuments(jobScope(world.knowledgeBase.id, "test"), DOCS.map((d) => ({ ...d, metadata: {} })), { source: "api", createdById: null, runInline: true });
  kb = await db().knowledgeBase.update({
    where: { id: world.knowledgeBase.id },
    data: {
      modelLocation: "hosted",
      chatBaseUrl: `${hosted.url}/v1`,
      chatApiKeyEncrypted: sealKnowledgeBaseApiKey(world.knowledgeBase.id, API_KEY, SECRET_KEY),
      piiPatterns: [{ label: "MRN", pattern: String.raw`MRN-\d{6}` }],
    },
  });
  const user = await createTestUser();
  await db().membership.create({ data: { userId: user.id, teamId: kb.teamId, role: "reader" } });
  reader = actingUser(user);
}, 60_000);
afterAll(async () => {
  await Promise.all([local.close(), hosted.close()]);
});

/** As lib/ai/providers.ts builds a chat model, plus the session's fetch (the line the integration adds). */
function chatModel(settings: HostedChatSettings) {
  return createOpenAICompatible({ name: "enclave", baseURL: settings.chatBaseUrl, apiKey: settings.apiKey, includeUsage: true, fetch: settings.fetch }).chatModel(settings.chatModel);
}

/** One turn of a chat, the way answer() will do it for a hosted base. */
async function turn(session: HostedSession, question: string, history: HistoryMessage[]) {
  const scope = await authorizeKnowledgeBase(reader, kb.id, "read");
  const retrieval = await retrieve(scope, { ...kb, apiKey: null }, question);
  const passages = session.maskPassages(retrieval.passages).map((passage, index) => ({ ...passage, number: index + 1 }));
  const messages = buildMessages({ instructions: DEFAULT_INSTRUCTIONS, passages, history: session.maskHistory(history), question: session.mask(question) });
  const result = streamText({ model: chatModel(session.settings("answer")), messages, allowSystemInMessages: true, maxRetries: 0 });
  const restorer = session.createRestorer();
  const raw: string[] = [];
  let shown = "";
  for await (const delta of result.textStream) {
    raw.push(delta);
    shown += restorer.push(delta);
  }
  shown += restorer.flush();
  await session.finish();
  const citations = passages.map((passage) => session.restorePassage(passage));
  return { raw, shown, citations, counts: session.maskedCounts() };
}

const chatRequests = () => hosted.requests.filter((request) => request.path === "/v1/chat/completions");

describe("a hosted answer through the privacy pieces", () => {
  it("sends only placeholders, restores the streamed answer, and logs the exact payload's hash", async () => {
    const logged = vi.spyOn(console, "log");
    const warned = vi.spyOn(console, "warn");
    const errored = vi.spyOn(console, "error");
    const chat = await db().chat.create({ data: { userId: reader.id, knowledgeBaseId: kb.id, title: "t" } });
    const session = await openHostedSession({ kb, actor: { user: reader, chatId: chat.id }, secretKey: SECRET_KEY, localOnly: false });
    const first = await turn(session, "Which patient has record MRN-004512, and where does Kwame Mensah live?", []);

    const sent = chatRequests();
    expect(sent).toHaveLength(1);
    for (const value of RAW_VALUES) expect(sent[0]!.rawBody.toLowerCase()).not.toContain(value.toLowerCase());
    expect(sent[0]!.rawBody).toContain("[PERSON_");
    expect(sent[0]!.rawBody).toContain("[MRN_1]");
    expect(sent[0]!.headers.authorization).toBe(`Bearer ${API_KEY}`);

    // The fake model answers with the best passage's first sentence, placeholders and all, split across deltas.
    expect(first.raw.join("")).toMatch(/\[MRN_1\].*\[PERSON_\d+\]/);
    expect(first.raw.some((delta) => /^\[?[A-Z]+_?\d*\]?$/.test(delta.trim()) && !/^\[[A-Z]+_\d+\]$/.test(delta.trim()))).toBe(true);
    expect(first.shown).toContain("Patient record MRN-004512 belongs to Kwame Mensah, born 3 March 1984, who lives at 42 Elm Road, Leeds.");
    expect(first.citations.find((c) => c.sourceId === "patient")!.text).toBe(DOCS[1]!.content);
    expect(first.counts).toMatchObject({ PERSON: expect.any(Number), MRN: 1, DOB: 1, ADDRESS: 1, PHONE: expect.any(Number) });

    const [event] = await db().egressEvent.findMany({ where: { chatId: chat.id } });
    expect(event).toMatchObject({
      knowledgeBaseId: kb.id,
      userId: reader.id,
      purpose: "answer",
      endpoint: `${hosted.url}/v1/chat/completions`,
      model: kb.chatModel,
      status: "ok",
      payloadSha256: createHash("sha256").update(sent[0]!.rawBody).digest("hex"),
      payloadBytes: Buffer.byteLength(sent[0]!.rawBody),
    });
    expect(event!.promptTokens).toBeGreaterThan(0);
    expect(event!.completionTokens).toBeGreaterThan(0);
    expect(event!.maskedCounts).toEqual(first.counts);
    const row = JSON.stringify(await db().$queryRaw`SELECT * FROM egress_events WHERE chat_id = ${chat.id}::uuid`, (_k, v: unknown) => (typeof v === "bigint" ? String(v) : v));
    for (const value of [...RAW_VALUES, API_KEY]) expect(row).not.toContain(value);

    // The second turn keeps the placeholders of the first (stored with the chat) and masks the history too.
    const second = await openHostedSession({ kb, actor: { user: reader, chatId: chat.id }, secretKey: SECRET_KEY, localOnly: false });
    const history: HistoryMessage[] = [
      { role: "user", content: "Which patient has record MRN-004512, and where does Kwame Mensah live?" },
      { role: "assistant", content: first.shown },
    ];
    const again = await turn(second, "What is the mobile number of Kwame Mensah?", history);
    const body = chatRequests()[1]!.rawBody;
    for (const value of RAW_VALUES) expect(body.toLowerCase()).not.toContain(value.toLowerCase());
    const kwame = second.mask("Kwame Mensah");
    expect(kwame).toBe(session.mask("Kwame Mensah"));
    expect(body).toContain(kwame);
    expect(again.shown).toContain("Kwame Mensah");

    const lines = [...logged.mock.calls, ...warned.mock.calls, ...errored.mock.calls].map((call) => call.map(String).join(" "));
    for (const line of lines) expect(line).not.toContain(API_KEY);
  });

  it("refuses in local-only mode before anything is sent, and says why", async () => {
    const before = chatRequests().length;
    const chatId = randomUUID();
    await expect(openHostedSession({ kb, actor: { user: reader, chatId }, secretKey: SECRET_KEY, localOnly: true })).rejects.toThrow(
      /this installation runs in local-only mode: nothing may be sent outside your network/,
    );
    expect(chatRequests()).toHaveLength(before);
  });

  it("needs the installation's secret key, and says so without naming the API key", async () => {
    const chat = await db().chat.create({ data: { userId: reader.id, knowledgeBaseId: kb.id, title: "t" } });
    await expect(openHostedSession({ kb, actor: { user: reader, chatId: chat.id }, secretKey: undefined, localOnly: false })).rejects.toThrow(/needs ENCLAVE_SECRET_KEY/);
    const wrong = openHostedSession({ kb, actor: { user: reader, chatId: chat.id }, secretKey: randomBytes(32).toString("hex"), localOnly: false });
    await expect(wrong).rejects.toThrow(/ENCLAVE_SECRET_KEY differs from the key it was saved with/);
  });
});
