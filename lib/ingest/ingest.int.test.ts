import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authorizeKnowledgeBase } from "@/lib/auth/authorize";
import type { KnowledgeBaseScope } from "@/lib/auth/scope";
import { db } from "@/lib/db/client";
import { getDocument } from "@/lib/db/documents";
import { getJob } from "@/lib/db/ingestion-jobs";
import { searchChunksByText } from "@/lib/db/lexical";
import type { FakeModelServer } from "@/scripts/fake-model-server";
import { actingUser, createTestUser } from "@/tests/fixtures";
import { flakyProxy, ingestWorld } from "@/tests/ingest-harness";
import { runEmbeddingSlice } from "./backfill";
import { submitDeletions, submitDocuments } from "./submit";
import type { InputDocument } from "./validate";

const doc = (sourceId: string, content: string, title = `Title of ${sourceId}`): InputDocument => ({ sourceId, title, content, metadata: { source: "test" } });

const LEAVE = "Employees accrue twenty-five days of annual leave per calendar year. Unused leave expires at the end of March.";
const EXPENSES = "Expense claims must be filed within thirty days with receipts attached. Claims above 500 euros need approval.";
const VPN = "The VPN client must be updated before connecting from a home network. Use the company laptop only.";

let model: FakeModelServer;
let kbId: string;
let scope: KnowledgeBaseScope;
let editorId: string;

beforeAll(async () => {
  const world = await ingestWorld();
  model = world.model;
  kbId = world.knowledgeBase.id;
  const editor = await createTestUser();
  editorId = editor.id;
  await db().membership.create({ data: { userId: editor.id, teamId: world.knowledgeBase.teamId, role: "editor" } });
  scope = await authorizeKnowledgeBase(actingUser(editor), kbId, "write");
});
afterAll(async () => {
  await model.close();
});

async function ingest(documents: InputDocument[]) {
  const jobId = await submitDocuments(scope, documents, { source: "api", createdById: editorId, runInline: true });
  return getJob(scope, jobId);
}

async function chunkRows(sourceId: string) {
  return db().chunk.findMany({ where: { document: { knowledgeBaseId: kbId, sourceId } }, select: { id: true, embeddingDim: true }, orderBy: { ordinal: "asc" } });
}

describe("ingestion keyed by source id", () => {
  it("adds new documents with chunks and vectors", async () => {
    const job = await ingest([doc("leave", LEAVE), doc("expenses", EXPENSES), doc("vpn", VPN)]);
    expect(job).toMatchObject({ status: "succeeded", total: 3, processed: 3, counts: { added: 3 }, error: null });
    const leave = await getDocument(scope, { sourceId: "leave" });
    expect(leave).toMatchObject({ version: 1, title: "Title of leave", metadata: { source: "test" } });
    expect(leave.embeddedAt).not.toBeNull();
    expect(leave.chunks.length).toBeGreaterThan(0);
    for (const chunk of leave.chunks) {
      expect(LEAVE.slice(chunk.startOffset, chunk.endOffset)).toBe(chunk.text);
      expect(chunk.embeddingDim).toBe(384);
    }
  });

  it("replaces exactly the changed document and leaves the unchanged ones untouched", async () => {
    const before = { leave: await chunkRows("leave"), expenses: await chunkRows("expenses") };
    const requestsBefore = model.requests.filter((r) => r.path === "/v1/embeddings").length;
    const job = await ingest([doc("leave", `${LEAVE} Carry-over needs a manager's approval.`), doc("expenses", EXPENSES), doc("vpn", VPN)]);
    expect(job.counts).toEqual({ added: 0, replaced: 1, unchanged: 2, deleted: 0, failed: 0 });
    const leave = await getDocument(scope, { sourceId: "leave" });
    expect(leave.version).toBe(2);
    expect(leave.content).toContain("Carry-over");
    const afterLeave = await chunkRows("leave");
    expect(afterLeave.some((chunk) => before.leave.some((old) => old.id === chunk.id))).toBe(false);
    expect(await chunkRows("expenses")).toEqual(before.expenses);
    // Only the changed document was embedded again.
    expect(model.requests.filter((r) => r.path === "/v1/embeddings").length).toBe(requestsBefore + 1);
  });

  it("costs nothing to ingest an unchanged batch again: no embedding call", async () => {
    const requestsBefore = model.requests.length;
    const job = await ingest([doc("expenses", EXPENSES), doc("vpn", VPN)]);
    expect(job.counts).toEqual({ added: 0, replaced: 0, unchanged: 2, deleted: 0, failed: 0 });
    expect(model.requests.length).toBe(requestsBefore);
  });

  it("deletes by id, every trace gone from search; an unknown id is reported", async () => {
    const jobId = await submitDeletions(scope, ["vpn", "no-such-id"], { source: "api", createdById: editorId, runInline: true });
    const job = await getJob(scope, jobId);
    expect(job.counts).toEqual({ added: 0, replaced: 0, unchanged: 0, deleted: 1, failed: 1 });
    expect(job.failures).toEqual([{ ordinal: 1, sourceId: "no-such-id", reason: "No document has this id." }]);
    expect(await db().document.count({ where: { knowledgeBaseId: kbId, sourceId: "vpn" } })).toBe(0);
    expect(await chunkRows("vpn")).toEqual([]);
    expect(await searchChunksByText(scope, "VPN client home network", 5)).toEqual([]);
  });

  it("rejects duplicate ids in one batch, listing them, and stores nothing", async () => {
    await expect(ingest([doc("dup-a", LEAVE), doc("dup-a", EXPENSES), doc("dup-b", VPN), doc("dup-b", VPN)])).rejects.toThrow(
      /The same id appears more than once in this batch: dup-a, dup-b/,
    );
    expect(await db().document.count({ where: { knowledgeBaseId: kbId, sourceId: { startsWith: "dup-" } } })).toBe(0);
  });
});

describe("when the embedding endpoint fails", () => {
  it("stores the documents for full-text search, marked not embedded, and the backfill embeds them later", async () => {
    await model.setFailure({ kind: "embeddings-down" });
    const job = await ingest([doc("offline", "Parking permits are issued by the facilities desk on the ground floor.")]);
    expect(job.status).toBe("succeeded");
    expect(job.error).toMatch(/Stored without vectors/);
    const stored = await getDocument(scope, { sourceId: "offline" });
    expect(stored.embeddedAt).toBeNull();
    expect(stored.chunks.every((chunk) => chunk.embeddingDim === null)).toBe(true);
    expect((await searchChunksByText(scope, "parking permits", 3))[0]?.chunkId).toBe(stored.chunks[0]!.id);

    expect(await runEmbeddingSlice(kbId)).toMatchObject({ isDone: false, unavailable: expect.stringMatching(/all-minilm/) });
    await model.setFailure({ kind: "none" });
    expect(await runEmbeddingSlice(kbId)).toEqual({ isDone: true });
    const embedded = await getDocument(scope, { sourceId: "offline" });
    expect(embedded.embeddedAt).not.toBeNull();
    expect(embedded.chunks.every((chunk) => chunk.embeddingDim === 384)).toBe(true);
  });

  it("never leaves a document half-replaced when the endpoint fails between two batches of its passages", async () => {
    const long = Array.from({ length: 400 }, (_, i) => `Section ${i} describes rule number ${i} of the travel policy in some detail.`).join("\n\n");
    await ingest([doc("travel", long)]);
    const v1 = await chunkRows("travel");
    expect(v1.length).toBeGreaterThan(64); // more than one embedding request of 64 passages

    // The first request (64 passages) succeeds; every later one fails, retries included.
    const proxy = await flakyProxy(model, (n) => n >= 2);
    await db().knowledgeBase.update({ where: { id: kbId }, data: { embeddingBaseUrl: `${proxy.url}/v1` } });
    try {
      const job = await ingest([doc("travel", `${long}\n\nA new closing section.`)]);
      expect(job.counts).toEqual({ added: 0, replaced: 1, unchanged: 0, deleted: 0, failed: 0 });
    } finally {
      await db().knowledgeBase.update({ where: { id: kbId }, data: { embeddingBaseUrl: `${model.url}/v1` } });
      await proxy.close();
    }
    const v2 = await chunkRows("travel");
    // All new passages, none embedded (no mix of old and new, nor of embedded and not), to be backfilled.
    expect(v2.some((chunk) => v1.some((old) => old.id === chunk.id))).toBe(false);
    expect(v2.every((chunk) => chunk.embeddingDim === null)).toBe(true);
    expect((await getDocument(scope, { sourceId: "travel" })).content).toContain("A new closing section.");
  });

  it("fails loudly on a wrong embedding dimension and keeps what was stored", async () => {
    await db().knowledgeBase.update({ where: { id: kbId }, data: { embeddingModel: "nomic-embed-text" } });
    try {
      const job = await ingest([doc("leave", "A different text that would replace the leave policy.")]);
      expect(job.status).toBe("failed");
      expect(job.error).toMatch(/nomic-embed-text returned 768-dimensional vectors but the knowledge base is set to 384/);
    } finally {
      await db().knowledgeBase.update({ where: { id: kbId }, data: { embeddingModel: "all-minilm" } });
    }
    expect((await getDocument(scope, { sourceId: "leave" })).content).toContain("Carry-over");
  });
});
