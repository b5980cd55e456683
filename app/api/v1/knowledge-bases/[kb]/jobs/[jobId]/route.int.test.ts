import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runJobSlice } from "@/lib/ingest/jobs";
import { stopQueue } from "@/lib/ingest/queue";
import { apiRequest, apiWorld, errorOf } from "../../documents/api-test-world";
import { POST as batch } from "../../documents:batch/route";
import { GET, POST } from "./route";

// No workers here: jobs stay queued until the test runs them with runJobSlice, so a queued job can be cancelled.

let world: Awaited<ReturnType<typeof apiWorld>>;

beforeAll(async () => {
  world = await apiWorld();
});
afterAll(async () => {
  await stopQueue();
  await world.model.close();
});

async function stage(body: unknown): Promise<string> {
  const kb = world.knowledgeBase.slug;
  const response = await batch(apiRequest("POST", `/api/v1/knowledge-bases/${kb}/documents:batch`, { key: world.keys.write, body }), { params: Promise.resolve({ kb }) });
  expect(response.status).toBe(202);
  return (await response.json()).jobId;
}

function get(jobId: string, key = world.keys.read, kb = world.knowledgeBase.slug) {
  return GET(apiRequest("GET", `/api/v1/knowledge-bases/${kb}/jobs/${jobId}`, { key }), { params: Promise.resolve({ kb, jobId }) });
}

function act(segment: string, key = world.keys.write) {
  const kb = world.knowledgeBase.slug;
  return POST(apiRequest("POST", `/api/v1/knowledge-bases/${kb}/jobs/${segment}`, { key }), { params: Promise.resolve({ kb, jobId: segment }) });
}

describe("GET /jobs/{jobId}", () => {
  it("shows status, progress, counts, failures and timestamps", async () => {
    await stage({ documents: [{ id: "keep", content: "A document that stays." }] }).then(runJobSlice);
    const jobId = await stage({ documents: [{ id: "new", content: "A new document." }], delete: ["keep", "never-existed"] });

    const queued = await (await get(jobId)).json();
    expect(queued).toMatchObject({ id: jobId, status: "queued", total: 3, processed: 0, startedAt: null, finishedAt: null, failures: [] });

    await runJobSlice(jobId);
    const response = await get(jobId);
    expect(response.status).toBe(200);
    const path = `/api/v1/knowledge-bases/${world.knowledgeBase.id}/jobs/${jobId}`;
    expect(await response.json()).toEqual({
      id: jobId,
      kind: "import",
      source: "api",
      status: "succeeded",
      total: 3,
      processed: 3,
      counts: { added: 1, replaced: 0, unchanged: 0, deleted: 1, failed: 1 },
      error: null,
      cancelRequested: false,
      failures: [{ ordinal: 2, sourceId: "never-existed", reason: "No document has this id." }],
      createdAt: expect.any(String),
      startedAt: expect.any(String),
      finishedAt: expect.any(String),
      updatedAt: expect.any(String),
      links: { self: path, cancel: `${path}:cancel`, retry: `${path}:retry` },
    });
  });

  it("is 404 for an unknown job, a malformed id, or a job of another knowledge base", async () => {
    const jobId = await stage({ documents: [{ id: "mine", content: "Text." }] });
    for (const response of [await get("00000000-0000-4000-8000-000000000000"), await get("not-a-uuid"), await get(`${jobId}:cancel`)]) {
      expect(response.status).toBe(404);
      expect(await errorOf(response)).toEqual({ code: "not_found", message: "Job not found." });
    }
    // The other base's key with the other base's ref still cannot see this base's job.
    const elsewhere = await get(jobId, world.keys.otherWrite, world.other.slug);
    expect(elsewhere.status).toBe(404);
    expect((await errorOf(elsewhere)).message).toBe("Job not found.");
    await runJobSlice(jobId);
  });
});

describe("POST /jobs/{jobId}:cancel and :retry", () => {
  it("cancels a queued job at once; a finished job cannot be cancelled (409)", async () => {
    const jobId = await stage({ documents: [{ id: "cancelled", content: "Never ingested." }] });
    const response = await act(`${jobId}:cancel`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ id: jobId, status: "cancelled", cancelRequested: true, processed: 0 });
    await runJobSlice(jobId);
    expect(await (await get(jobId)).json()).toMatchObject({ status: "cancelled", processed: 0 });
    expect((await act(`${jobId}:cancel`)).status).toBe(200);

    const done = await stage({ documents: [{ id: "done", content: "Ingested." }] });
    await runJobSlice(done);
    const late = await act(`${done}:cancel`);
    expect(late.status).toBe(409);
    expect(await errorOf(late)).toEqual({ code: "conflict", message: "The job has already succeeded; there is nothing to cancel." });
  });

  it("retries the failed items of a job as a new job (202); a job without failures is 400", async () => {
    const failing = await stage({ delete: ["ghost-1", "ghost-2"] });
    await runJobSlice(failing);
    const response = await act(`${failing}:retry`);
    expect(response.status).toBe(202);
    const accepted = await response.json();
    expect(accepted).toEqual({ jobId: expect.any(String), status: "queued", total: 2, links: { job: `/api/v1/knowledge-bases/${world.knowledgeBase.id}/jobs/${accepted.jobId}` } });
    expect(response.headers.get("location")).toBe(accepted.links.job);
    expect(accepted.jobId).not.toBe(failing);
    await runJobSlice(accepted.jobId);
    expect(await (await get(accepted.jobId)).json()).toMatchObject({ counts: { failed: 2 }, failures: [{ sourceId: "ghost-1" }, { sourceId: "ghost-2" }] });

    const clean = await stage({ documents: [{ id: "clean", content: "Fine." }] });
    await runJobSlice(clean);
    const nothing = await act(`${clean}:retry`);
    expect(nothing.status).toBe(400);
    expect(await errorOf(nothing)).toEqual({ code: "invalid_input", message: "This job has no failed documents to retry." });
  });

  it("needs a write key of this knowledge base and a known action", async () => {
    const jobId = await stage({ documents: [{ id: "guarded", content: "Text." }] });
    expect((await act(`${jobId}:cancel`, world.keys.read)).status).toBe(403);
    expect((await act(`${jobId}:retry`, world.keys.read)).status).toBe(403);
    expect((await act(`${jobId}:cancel`, world.keys.otherWrite)).status).toBe(404);
    for (const segment of [`${jobId}:pause`, jobId, `${jobId}:`]) {
      const response = await act(segment);
      expect(response.status).toBe(404);
      expect(await errorOf(response)).toEqual({ code: "not_found", message: "Job action not found." });
    }
    expect(await (await get(jobId)).json()).toMatchObject({ status: "queued" });
    await runJobSlice(jobId);
  });
});
