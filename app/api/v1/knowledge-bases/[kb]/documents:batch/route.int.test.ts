import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { startWorkers, stopQueue } from "@/lib/ingest/queue";
import { apiRequest, apiWorld, errorOf, waitFor } from "../documents/api-test-world";
import { GET as getDocument } from "../documents/[sourceId]/route";
import { GET as getJob } from "../jobs/[jobId]/route";
import { POST } from "./route";

let world: Awaited<ReturnType<typeof apiWorld>>;

beforeAll(async () => {
  world = await apiWorld();
  await startWorkers();
});
afterAll(async () => {
  await stopQueue();
  await world.model.close();
});

function batch(body: unknown, key = world.keys.write) {
  const kb = world.knowledgeBase.slug;
  return POST(apiRequest("POST", `/api/v1/knowledge-bases/${kb}/documents:batch`, { key, body }), { params: Promise.resolve({ kb }) });
}

async function job(jobId: string) {
  const kb = world.knowledgeBase.id;
  const response = await getJob(apiRequest("GET", `/api/v1/knowledge-bases/${kb}/jobs/${jobId}`, { key: world.keys.read }), { params: Promise.resolve({ kb, jobId }) });
  expect(response.status).toBe(200);
  return response.json();
}

async function finished(jobId: string) {
  return waitFor(() => job(jobId), (current) => ["succeeded", "failed", "cancelled"].includes(current.status));
}

async function stored(sourceId: string) {
  const kb = world.knowledgeBase.id;
  return getDocument(apiRequest("GET", `/api/v1/knowledge-bases/${kb}/documents/${encodeURIComponent(sourceId)}`, { key: world.keys.read }), {
    params: Promise.resolve({ kb, sourceId }),
  });
}

const jobCount = () => db().ingestionJob.count({ where: { knowledgeBaseId: world.knowledgeBase.id } });
const documentCount = () => db().document.count({ where: { knowledgeBaseId: world.knowledgeBase.id } });

const doc = (id: string | number, content = `The text of document ${id}, long enough to be worth indexing.`) => ({ id, content });

describe("POST /documents:batch", () => {
  it("stages a valid batch (202 with the job's location) that the workers then complete", async () => {
    const response = await batch({ documents: [doc("b-1"), { ...doc("b-2"), title: "Second", metadata: { tags: ["x"] } }, doc(42)] });
    expect(response.status).toBe(202);
    const accepted = await response.json();
    const path = `/api/v1/knowledge-bases/${world.knowledgeBase.id}/jobs/${accepted.jobId}`;
    expect(accepted).toEqual({ jobId: expect.any(String), status: expect.stringMatching(/^(queued|running|succeeded)$/), total: 3, links: { job: path } });
    expect(response.headers.get("location")).toBe(path);

    const done = await finished(accepted.jobId);
    expect(done).toMatchObject({ status: "succeeded", total: 3, processed: 3, counts: { added: 3, replaced: 0, unchanged: 0, deleted: 0, failed: 0 }, failures: [], error: null, source: "api" });
    expect(done.finishedAt).not.toBeNull();
    expect(await (await stored("b-2")).json()).toMatchObject({ title: "Second", metadata: { tags: ["x"] }, embedded: true });
    expect((await stored("42")).status).toBe(200);
  });

  it("adds, replaces and deletes in one job", async () => {
    const response = await batch({ documents: [doc("b-1", "New text for the first document of the batch."), doc("b-3")], delete: ["b-2", 42] });
    expect(response.status).toBe(202);
    const done = await finished((await response.json()).jobId);
    expect(done).toMatchObject({ status: "succeeded", total: 4, counts: { added: 1, replaced: 1, deleted: 2, failed: 0 } });
    expect((await stored("b-2")).status).toBe(404);
    expect(await (await stored("b-1")).json()).toMatchObject({ version: 2, content: "New text for the first document of the batch." });
  });

  it("refuses a batch with an invalid row (422 listing it) and stores nothing, not even a job", async () => {
    const [jobs, documents] = [await jobCount(), await documentCount()];
    const response = await batch({ documents: [doc("ok-1"), { id: "bad-1", content: "   " }, doc("ok-2")] });
    expect(response.status).toBe(422);
    expect(await errorOf(response)).toEqual({
      code: "invalid_documents",
      message: 'The batch has a problem; nothing was ingested. documents[1] (id "bad-1"): "content" is empty or only whitespace, so there is nothing to index. Fill in the text or remove the document.',
      errors: [
        { pointer: "/documents/1/content", index: 1, id: "bad-1", field: "content", message: '"content" is empty or only whitespace, so there is nothing to index. Fill in the text or remove the document.' },
      ],
    });
    expect([await jobCount(), await documentCount()]).toEqual([jobs, documents]);
    expect((await stored("ok-1")).status).toBe(404);
  });

  it("lists every invalid row, with its index, id and field", async () => {
    const response = await batch({
      documents: [
        doc("fine"),
        { id: "x".repeat(600), content: "text" },
        { id: "tab\there", content: "text" },
        { content: "no id" },
        { id: "meta", content: "text", metadata: [1, 2] },
        "not an object",
        { id: "typo", content: "text", titel: "Typo" },
      { id: "slash", content: "text", "a/b~c": 1 },
      ],
      delete: ["", { id: 1 }],
    });
    expect(response.status).toBe(422);
    const error = await errorOf(response);
    expect(error.message).toMatch(/^The batch has 9 problems; nothing was ingested\. documents\[1\] \(id "x{600}"\): "id" is 600 characters long; the limit is 512/);
    expect((error.errors as Record<string, unknown>[]).map(({ message: _message, ...rest }) => rest)).toEqual([
      { pointer: "/documents/1/id", index: 1, id: "x".repeat(600), field: "id" },
      { pointer: "/documents/2/id", index: 2, id: "tab\there", field: "id" },
      { pointer: "/documents/3/id", index: 3, field: "id" },
      { pointer: "/documents/4/metadata", index: 4, id: "meta", field: "metadata" },
      { pointer: "/documents/5", index: 5 },
      { pointer: "/documents/6/titel", index: 6, id: "typo", field: "titel" },
      { pointer: "/documents/7/a~1b~0c", index: 7, id: "slash", field: "a/b~c" },
      { pointer: "/delete/0", index: 0, field: "delete" },
      { pointer: "/delete/1", index: 1, field: "delete" },
    ]);
    expect((error.errors as { message: string }[]).map((e) => e.message)).toEqual([
      expect.stringMatching(/"id" is 600 characters long/),
      expect.stringMatching(/"id" contains an invisible control character \(U\+0009/),
      expect.stringMatching(/"id" is missing/),
      expect.stringMatching(/"metadata" must be a JSON object/),
      expect.stringMatching(/Expected a document .* but got text \("not an object"\)/),
      'Unknown field "titel". A document has "id", "title", "content", "metadata".',
      expect.stringMatching(/^Unknown field "a\/b~c"/),
      expect.stringMatching(/must be non-blank text or a whole number, not text \(""\)/),
      expect.stringMatching(/not an object/),
    ]);
    expect((await stored("fine")).status).toBe(404);
  });

  it("refuses repeated ids (422 listing them), also an id both to store and to delete", async () => {
    const jobs = await jobCount();
    const repeated = await batch({ documents: [doc("d-1"), doc("d-2"), doc("d-1"), doc("d-2"), doc("d-3")] });
    expect(repeated.status).toBe(422);
    expect(await errorOf(repeated)).toEqual({
      code: "duplicate_ids",
      message: 'The same id appears more than once in "documents": "d-1", "d-2". Nothing was ingested.',
      duplicates: ["d-1", "d-2"],
    });
    // Ids are trimmed and whole numbers taken as text before they are compared.
    const disguised = await batch({ documents: [doc(" 7 "), doc(7)] });
    expect(await errorOf(disguised)).toMatchObject({ code: "duplicate_ids", duplicates: ["7"] });
    const both = await batch({ documents: [doc("d-4")], delete: ["d-4"] });
    expect(both.status).toBe(422);
    expect(await errorOf(both)).toMatchObject({ code: "duplicate_ids", duplicates: ["d-4"], message: expect.stringMatching(/both in "documents" and in "delete"/) });
    expect(await jobCount()).toBe(jobs);
  });

  it("refuses more than 1,000 documents with 413", async () => {
    const response = await batch({ documents: Array.from({ length: 1001 }, (_, i) => doc(`many-${i}`, "x")) });
    expect(response.status).toBe(413);
    expect(await errorOf(response)).toEqual({
      code: "payload_too_large",
      message: "A batch holds at most 1,000 documents; this one has 1,001. Split it into several requests.",
    });
  });

  it.each([
    ["an array", [doc("a")], { pointer: "", message: expect.stringMatching(/must be a JSON object .* not an array/) }],
    ["documents that are not an array", { documents: { id: "a" } }, { pointer: "/documents", field: "documents", message: '"documents" must be an array, not an object.' }],
    ["an unknown field", { documents: [doc("a")], upsert: [] }, { pointer: "", message: 'Unknown field "upsert". A batch has "documents" and "delete".' }],
    ["nothing to do", { documents: [], delete: [] }, { pointer: "", message: expect.stringMatching(/The batch is empty/) }],
  ])("answers %s with 422", async (_case, body, problem) => {
    const response = await batch(body);
    expect(response.status).toBe(422);
    expect(await errorOf(response)).toMatchObject({ code: "invalid_documents", errors: [problem] });
  });

  it("answers malformed JSON with 400, another media type with 415, a read key with 403 and another base's key with 404", async () => {
    const malformed = await batch('{"documents": [\n  {"id": "a", "content": "b"}\n  {"id": "c"}\n]}');
    expect(malformed.status).toBe(400);
    expect(await errorOf(malformed)).toMatchObject({ code: "invalid_json", line: 3, column: 3, message: expect.stringMatching(/^Unexpected token "\{" at line 3, column 3: expected a comma/) });

    const kb = world.knowledgeBase.slug;
    const plain = await POST(apiRequest("POST", `/api/v1/knowledge-bases/${kb}/documents:batch`, { key: world.keys.write, body: "{}", headers: { "content-type": "text/plain" } }), {
      params: Promise.resolve({ kb }),
    });
    expect(plain.status).toBe(415);
    expect((await batch({ documents: [doc("r")] }, world.keys.read)).status).toBe(403);
    expect((await batch({ documents: [doc("r")] }, world.keys.otherWrite)).status).toBe(404);
  });

  it("stores hostile ids, titles and metadata verbatim", async () => {
    const hostile = ["'; DROP TABLE documents; --", "%", "_", "ÅÄÖ 漢字 🙂"];
    const response = await batch({ documents: hostile.map((text) => ({ id: text, title: text, content: `About ${text}.`, metadata: { [text]: text } })) });
    expect(response.status).toBe(202);
    expect(await finished((await response.json()).jobId)).toMatchObject({ status: "succeeded", counts: { added: 4 } });
    for (const text of hostile) expect(await (await stored(text)).json()).toMatchObject({ sourceId: text, title: text, metadata: { [text]: text } });
    expect(await db().document.count({ where: { knowledgeBaseId: world.other.id } })).toBe(0);
  });
});
