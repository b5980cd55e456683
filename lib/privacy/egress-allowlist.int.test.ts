import { randomBytes, randomUUID } from "node:crypto";
import { createServer, type AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadGemmaTokenizer } from "@/lib/ai/tokenizer";
import { answer } from "@/lib/chat/answer";
import { jobScope } from "@/lib/auth/system";
import { db } from "@/lib/db/client";
import { submitDocuments } from "@/lib/ingest/submit";
import { startFakeModelServer, type FakeModelServer } from "@/scripts/fake-model-server";
import { actingUser, createTestKnowledgeBase, createTestUser } from "@/tests/fixtures";
import { ingestWorld } from "@/tests/ingest-harness";
import { hostPort, recordOutbound } from "@/tests/outbound-recorder";
import { sealKnowledgeBaseApiKey } from "./secrets";

// The egress allow-list, proven: a full ingest and chats on a local and a hosted knowledge base, in this process,
// while every outbound connection and name lookup is recorded. Anything but the database, the configured model
// endpoints and (when configured) the OIDC issuer fails the test.

const SECRET_KEY = randomBytes(32).toString("base64");
// Read by lib/env.ts once lib/env.ts knows the variable (see lib/privacy/README.md); harmless before.
process.env.ENCLAVE_SECRET_KEY ??= SECRET_KEY;
const recorder = recordOutbound();

let local: FakeModelServer;
let hosted: FakeModelServer;
let localKbId: string;
let hostedKbId: string;
let reader: ReturnType<typeof actingUser>;

const DOCS = [
  { sourceId: "leave", title: "Annual leave", content: "Employees accrue twenty-five days of annual leave per calendar year. Maria Schmidt approves carry-over requests." },
  { sourceId: "expenses", title: "Expense claims", content: "Expense claims must be filed within thirty days with receipts attached; send them to claims@example.org." },
];

beforeAll(async () => {
  // Its first load blocks the event loop for seconds, long enough for a pooled keep-alive connection to the model
  // server to be closed under the next request (ECONNRESET): load it before any model traffic.
  await loadGemmaTokenizer();
  const world = await ingestWorld();
  local = world.model;
  hosted = await startFakeModelServer({ port: 0, flavor: "ollama" });
  localKbId = world.knowledgeBase.id;
  const second = await createTestKnowledgeBase(world.knowledgeBase.teamId);
  hostedKbId = second.id;
  await db().knowledgeBase.update({
    where: { id: hostedKbId },
    data: {
      modelLocation: "hosted",
      chatBaseUrl: `${hosted.url}/v1`,
      embeddingBaseUrl: `${local.url}/v1`,
      chatApiKeyEncrypted: sealKnowledgeBaseApiKey(hostedKbId, "sk-allowlist-test", process.env.ENCLAVE_SECRET_KEY),
      chunkSize: 64,
      chunkOverlap: 8,
    },
  });
  const user = await createTestUser();
  await db().membership.create({ data: { userId: user.id, teamId: world.knowledgeBase.teamId, role: "reader" } });
  reader = actingUser(user);
}, 60_000);

afterAll(async () => {
  recorder.restore();
  await Promise.all([local.close(), hosted.close()]);
});

async function ask(knowledgeBaseId: string, question: string) {
  const stream = await answer({ user: reader, chatId: randomUUID(), knowledgeBaseId, question, signal: new AbortController().signal });
  const reader_ = stream.getReader();
  let text = "";
  for (let read = await reader_.read(); !read.done; read = await reader_.read()) {
    const chunk = read.value as { type: string; delta?: string };
    if (chunk.type === "text-delta") text += chunk.delta;
  }
  return text;
}

function allowedDestinations() {
  const allowed = [hostPort(process.env.DATABASE_URL!), hostPort(local.url), hostPort(hosted.url)];
  if (process.env.AUTH_OIDC_ISSUER) allowed.push(hostPort(process.env.AUTH_OIDC_ISSUER));
  return allowed;
}

describe("egress allow-list", () => {
  it("connects only to the database and the configured model endpoints during an ingest and chats", async () => {
    for (const kbId of [localKbId, hostedKbId]) {
      await submitDocuments(jobScope(kbId, "test"), DOCS.map((d) => ({ ...d, metadata: {} })), { source: "api", createdById: null, runInline: true });
    }
    expect(await ask(localKbId, "How many days of annual leave do employees accrue?")).toMatch(/twenty-five days/);
    expect(await ask(hostedKbId, "How many days of annual leave do employees accrue?")).toMatch(/twenty-five days/);

    const allowed = allowedDestinations();
    console.info(`outbound connections: ${[...recorder.destinations].sort().join(", ")}; lookups: ${[...recorder.lookups].sort().join(", ") || "none"}`);
    expect(recorder.violations(allowed)).toEqual([]);
    const allowedHosts = new Set(allowed.map((destination) => destination.replace(/:\d*$/, "")));
    expect([...recorder.lookups].filter((host) => !allowedHosts.has(host))).toEqual([]);
    // The recorder saw the real traffic: both model servers (embeddings, chat) and the database.
    expect([...recorder.destinations]).toEqual(expect.arrayContaining([hostPort(local.url), hostPort(hosted.url)]));
    expect(hosted.requests.some((request) => request.path === "/v1/chat/completions")).toBe(true);
    expect(local.requests.some((request) => request.path === "/v1/embeddings")).toBe(true);
  }, 90_000);

  it("would notice a connection anywhere else", async () => {
    // A port nothing listens on (taken, then released): refused at once, but the attempt is what counts.
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
    const { port } = probe.address() as AddressInfo;
    await new Promise((resolve) => probe.close(resolve));
    await fetch(`http://127.0.0.1:${port}/`).catch(() => undefined);
    expect(recorder.violations(allowedDestinations())).toEqual([`127.0.0.1:${port}`]);
  });
});
