import { createHash, randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryKnowledgeBase } from "@/lib/api/query-knowledge-base";
import { authenticateApiKey } from "@/lib/auth/api-key";
import { jobScope } from "@/lib/auth/system";
import { createApiKey } from "@/lib/db/api-keys";
import { db } from "@/lib/db/client";
import { submitDocuments } from "@/lib/ingest/submit";
import { startFakeModelServer, type FakeModelServer } from "@/scripts/fake-model-server";
import { createTestAdmin } from "@/tests/fixtures";
import { ingestWorld } from "@/tests/ingest-harness";
import { sealKnowledgeBaseApiKey } from "./secrets";

// The REST query API (lib/api/query-knowledge-base.ts) on a hosted knowledge base: the same model half as the chat
// (lib/chat/model-answer.ts), so the same masking, restoring and egress log, with the API key as the actor.

process.env.ENCLAVE_SECRET_KEY ??= randomBytes(32).toString("hex");
const API_KEY = `sk-hosted-${randomBytes(12).toString("hex")}`;
const RAW = ["Maria Schmidt", "Schmidt", "maria.schmidt@example.org"];

let local: FakeModelServer;
let hosted: FakeModelServer;
let slug: string;
let readKey: string;

beforeAll(async () => {
  const world = await ingestWorld();
  local = world.model;
  hosted = await startFakeModelServer({ port: 0, flavor: "ollama" });
  const kb = world.knowledgeBase;
  slug = kb.slug;
  const directory = { sourceId: "directory", title: "Payroll team", content: "Maria Schmidt (maria.schmidt@example.org) leads the payroll team.", metadata: {} };
  await submitDocuments(jobScope(kb.id, "test"), [directory], { source: "api", createdById: null, runInline: true });
  await db().knowledgeBase.update({
    where: { id: kb.id },
    data: { modelLocation: "hosted", chatBaseUrl: `${hosted.url}/v1`, chatApiKeyEncrypted: sealKnowledgeBaseApiKey(kb.id, API_KEY, process.env.ENCLAVE_SECRET_KEY) },
  });
  const { admin } = await createTestAdmin();
  readKey = (await createApiKey(admin, kb.id, { name: "read key", scope: "read" })).secret;
}, 60_000);
afterAll(async () => {
  await Promise.all([local?.close(), hosted?.close()]);
});

describe("the query API on a hosted knowledge base", () => {
  it("answers with the real values, sends only placeholders, and logs the call under the API key", async () => {
    const scope = await authenticateApiKey(new Headers({ authorization: `Bearer ${readKey}` }), slug, "read");
    const body = { question: "Who leads the payroll team? Is it Maria Schmidt?", answer: true, stream: false };
    const result = await queryKnowledgeBase(scope, body, { signal: new AbortController().signal, ip: null });
    if (result instanceof ReadableStream) throw new Error("expected a JSON answer");
    expect(result.answer?.status).toBe("complete");
    expect(result.answer?.text).toContain("Maria Schmidt (maria.schmidt@example.org) leads the payroll team.");
    expect(result.passages[0]!.text).toContain("maria.schmidt@example.org");

    const sent = hosted.requests.filter((request) => request.path === "/v1/chat/completions");
    expect(sent).toHaveLength(1);
    for (const value of RAW) expect(sent[0]!.rawBody).not.toContain(value);
    expect(sent[0]!.rawBody).toContain("[EMAIL_1]");
    // Hosted: the window is the base's setting, never probed (that would be an unlogged call).
    expect(hosted.requests.filter((request) => request.path.startsWith("/api/"))).toHaveLength(0);

    const [event] = await db().egressEvent.findMany({ where: { knowledgeBaseSlug: slug } });
    expect(event).toMatchObject({ purpose: "answer", status: "ok", userId: null, apiKeyId: scope.actor.kind === "api_key" ? scope.actor.keyId : "?" });
    expect(event!.payloadSha256).toBe(createHash("sha256").update(sent[0]!.rawBody).digest("hex"));
  }, 60_000);

  it("returns passages without any model call, hosted or not", async () => {
    const before = hosted.requests.length;
    const scope = await authenticateApiKey(new Headers({ authorization: `Bearer ${readKey}` }), slug, "read");
    const result = await queryKnowledgeBase(scope, { question: "Who leads the payroll team?", answer: false, stream: false }, { signal: new AbortController().signal, ip: null });
    expect(result).toMatchObject({ refused: false });
    expect(hosted.requests.length).toBe(before);
  });
});
