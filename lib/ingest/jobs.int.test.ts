import { spawn } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { jobScope } from "@/lib/auth/system";
import { db } from "@/lib/db/client";
import { createJobWithItems, getJob, type StagedItem } from "@/lib/db/ingestion-jobs";
import type { FakeModelServer } from "@/scripts/fake-model-server";
import { flakyProxy, ingestWorld } from "@/tests/ingest-harness";
import { runJobSlice } from "./jobs";
import { startWorkers, stopQueue } from "./queue";
import { cancelJob, submitDocuments } from "./submit";

const ROOT = path.resolve(import.meta.dirname, "../..");
const items = (prefix: string, count: number): StagedItem[] =>
  Array.from({ length: count }, (_, i) => ({
    action: "upsert",
    sourceId: `${prefix}-${i}`,
    title: `Policy ${i}`,
    content: `Rule ${i}: requests of type ${i} are answered within ${i % 9} working days by the ${prefix} desk.`,
    metadata: { n: i },
  }));

let model: FakeModelServer;
let kbId: string;

beforeAll(async () => {
  const world = await ingestWorld();
  model = world.model;
  kbId = world.knowledgeBase.id;
});
afterAll(async () => {
  await stopQueue();
  await model.close();
});

async function waitFor<T>(read: () => Promise<T>, isReady: (value: T) => boolean, timeoutMs = 60_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (isReady(value)) return value;
    if (Date.now() > until) throw new Error(`timed out waiting; last value ${JSON.stringify(value, (_, v) => (typeof v === "bigint" ? String(v) : v))}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe("durable ingestion jobs", () => {
  it("resumes after the worker is killed mid-job, each document taking effect exactly once", async () => {
    const scope = jobScope(kbId, "test");
    const total = 160;
    const jobId = await createJobWithItems(scope, { kind: "import", source: "api", details: {}, createdById: null }, items("resume", total));
    // Slow embeddings so the worker is surely mid-job when it is killed.
    const proxy = await flakyProxy(model, () => false, 150);
    await db().knowledgeBase.update({ where: { id: kbId }, data: { embeddingBaseUrl: `${proxy.url}/v1` } });
    try {
      const worker = spawn(path.join(ROOT, "node_modules/.bin/tsx"), ["--conditions=react-server", "tests/run-job-slice.ts", jobId], {
        cwd: ROOT,
        env: process.env,
        stdio: "ignore",
      });
      await waitFor(() => getJob(scope, jobId), (job) => job.processed >= 32);
      worker.kill("SIGKILL");
      await new Promise((resolve) => worker.once("exit", resolve));
      const interrupted = await getJob(scope, jobId);
      expect(interrupted.status).toBe("running");
      expect(interrupted.processed).toBeLessThan(total);

      await runJobSlice(jobId);
    } finally {
      await db().knowledgeBase.update({ where: { id: kbId }, data: { embeddingBaseUrl: `${model.url}/v1` } });
      await proxy.close();
    }
    const job = await getJob(scope, jobId);
    expect(job).toMatchObject({ status: "succeeded", processed: total, counts: { added: total } });
    const documents = await db().document.findMany({ where: { knowledgeBaseId: kbId, sourceId: { startsWith: "resume-" } }, select: { version: true } });
    expect(documents).toHaveLength(total);
    expect(documents.every((document) => document.version === 1)).toBe(true);
    expect(await db().ingestionJobItem.count({ where: { jobId, outcome: null } })).toBe(0);
  });

  it("runs queued jobs in the background through the queue", async () => {
    await startWorkers();
    const editorScope = jobScope(kbId, "test");
    const jobId = await submitDocuments(editorScope, items("queued", 40).map((item) => ({ ...(item as Extract<StagedItem, { action: "upsert" }>), metadata: {} })), {
      source: "upload",
      createdById: null,
    });
    const job = await waitFor(() => getJob(editorScope, jobId), (current) => current.status === "succeeded");
    expect(job.counts).toEqual({ added: 40, replaced: 0, unchanged: 0, deleted: 0, failed: 0 });
  });

  it("cancels a queued job before it touches anything", async () => {
    const scope = jobScope(kbId, "test");
    const jobId = await createJobWithItems(scope, { kind: "import", source: "api", details: {}, createdById: null }, items("cancelled", 5));
    await cancelJob(scope, jobId);
    await runJobSlice(jobId);
    expect(await getJob(scope, jobId)).toMatchObject({ status: "cancelled", processed: 0 });
    expect(await db().document.count({ where: { knowledgeBaseId: kbId, sourceId: { startsWith: "cancelled-" } } })).toBe(0);
  });
});
