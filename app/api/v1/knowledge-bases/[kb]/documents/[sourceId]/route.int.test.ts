import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { apiRequest, apiWorld, errorOf, type CallOptions } from "../api-test-world";
import { DELETE, GET, PUT } from "./route";

// A small limit, so the 413 tests need not send 50 MB (env() reads it on first use, after this line).
process.env.ENCLAVE_UPLOAD_MAX_MB = "1";

let world: Awaited<ReturnType<typeof apiWorld>>;

beforeAll(async () => {
  world = await apiWorld();
});
afterAll(async () => {
  await world.model.close();
});

function call(handler: typeof GET, method: string, sourceId: string, options: CallOptions & { kb?: string } = {}) {
  const kb = options.kb ?? world.knowledgeBase.slug;
  const request = apiRequest(method, `/api/v1/knowledge-bases/${kb}/documents/${encodeURIComponent(sourceId)}`, { key: world.keys.write, ...options });
  return handler(request, { params: Promise.resolve({ kb, sourceId }) });
}

const put = (sourceId: string, body: unknown, options: CallOptions & { kb?: string } = {}) => call(PUT, "PUT", sourceId, { body, ...options });
const get = (sourceId: string, options: CallOptions & { kb?: string } = {}) => call(GET, "GET", sourceId, { key: world.keys.read, ...options });
const remove = (sourceId: string, options: CallOptions & { kb?: string } = {}) => call(DELETE, "DELETE", sourceId, options);

const LEAVE = "# Leave\n\nEmployees accrue twenty-five days of annual leave per calendar year. Unused leave expires at the end of March.";

describe("PUT /documents/{sourceId}", () => {
  it("adds (201), then leaves an identical document alone (200 unchanged), then replaces a changed one (200, version 2)", async () => {
    const added = await put("handbook/leave.md", { title: "Leave policy", content: LEAVE, metadata: { department: "HR" } });
    expect(added.status).toBe(201);
    expect(added.headers.get("location")).toBe(`/api/v1/knowledge-bases/${world.knowledgeBase.slug}/documents/handbook%2Fleave.md`);
    const result = await added.json();
    expect(result).toEqual({ sourceId: "handbook/leave.md", outcome: "added", version: 1, jobId: expect.any(String), embedded: true });

    const embeddingCalls = world.model.requests.filter((r) => r.path === "/v1/embeddings").length;
    const same = await put("handbook/leave.md", { title: "Leave policy", content: LEAVE, metadata: { department: "HR" } }, { kb: world.knowledgeBase.id });
    expect(same.status).toBe(200);
    expect(await same.json()).toMatchObject({ outcome: "unchanged", version: 1, embedded: true });
    expect(world.model.requests.filter((r) => r.path === "/v1/embeddings").length).toBe(embeddingCalls);

    const changed = await put("handbook/leave.md", { title: "Leave policy", content: `${LEAVE} Carry-over needs approval.` });
    expect(changed.status).toBe(200);
    expect(changed.headers.get("location")).toBeNull();
    expect(await changed.json()).toMatchObject({ sourceId: "handbook/leave.md", outcome: "replaced", version: 2, embedded: true });

    const fetched = await get("handbook/leave.md");
    expect(fetched.status).toBe(200);
    const document = await fetched.json();
    // PUT replaces the whole document: the metadata the last PUT left out is gone.
    expect(document).toMatchObject({ sourceId: "handbook/leave.md", title: "Leave policy", version: 2, embedded: true, metadata: {} });
    expect(document.content).toBe(`${LEAVE} Carry-over needs approval.`);
    expect(document.chunkCount).toBe(document.chunks.length);
    expect(document.chunks.length).toBeGreaterThan(0);
    for (const chunk of document.chunks) expect(document.content.slice(chunk.startOffset, chunk.endOffset)).toBe(chunk.text);
    expect(Object.keys(document.chunks[0]).sort()).toEqual(["endOffset", "ordinal", "startOffset", "text", "tokenCount"]);
  });

  it("stores the text without vectors when the embedding model is down, and says so", async () => {
    await world.model.setFailure({ kind: "embeddings-down" });
    try {
      const response = await put("offline", { content: "Parking permits are issued by the facilities desk." });
      expect(response.status).toBe(201);
      expect(await response.json()).toMatchObject({ outcome: "added", embedded: false });
    } finally {
      await world.model.setFailure({ kind: "none" });
    }
    expect(await (await get("offline")).json()).toMatchObject({ title: "offline", embedded: false });
  });

  it.each([
    ["an id over 512 characters", "x".repeat(513), { content: "text" }, "sourceId", /is 513 characters long; the limit is 512/],
    ["an id with a control character", "tab\there", { content: "text" }, "sourceId", /control character \(U\+0009 at position 4\)/],
    ["empty content", "empty", { content: "  \n " }, "content", /"content" is empty or only whitespace/],
    ["missing content", "missing", { title: "No text" }, "content", /"content" is missing/],
    ["metadata that is an array", "meta", { content: "text", metadata: ["a"] }, "metadata", /"metadata" must be a JSON object .* not an array/],
    ["a title that is not text", "title", { content: "text", title: 42 }, "title", /"title" must be text, not a number \(42\)/],
    ["a misspelt field", "typo", { content: "text", metdata: {} }, "metdata", /Unknown field "metdata"\. A document has "title", "content", "metadata"\./],
    ["an id in the body", "in-body", { id: "in-body", content: "text" }, "id", /The document's id is the last segment of the URL/],
  ])("refuses %s with 422 naming the field, and stores nothing", async (_case, sourceId, body, field, message) => {
    const response = await put(sourceId, body);
    expect(response.status).toBe(422);
    const error = await errorOf(response);
    expect(error).toMatchObject({ code: "invalid_document", field });
    expect(error.message).toMatch(message);
    expect(await db().document.count({ where: { knowledgeBaseId: world.knowledgeBase.id, sourceId } })).toBe(0);
  });

  it("refuses a body that is not an object with 422", async () => {
    const response = await put("array", [{ content: "text" }]);
    expect(response.status).toBe(422);
    expect((await errorOf(response)).message).toMatch(/must be a JSON object .*, not an array/);
  });

  it("answers malformed JSON with 400 and the line and column", async () => {
    const response = await put("broken", '{\n  "title": "Broken",\n  "content": ,\n}');
    expect(response.status).toBe(400);
    expect(await errorOf(response)).toEqual({
      code: "invalid_json",
      message: 'Unexpected token "," at line 3, column 14: expected a value.',
      line: 3,
      column: 14,
    });
    const cut = await put("broken", '{"content": "abc"');
    expect(await errorOf(cut)).toMatchObject({ code: "invalid_json", line: 1, column: 18, message: expect.stringMatching(/^Unexpected end of input at line 1, column 18/) });
    const empty = await put("broken", "");
    expect(empty.status).toBe(400);
    expect((await errorOf(empty)).message).toBe("The request body is empty. Send a JSON object.");
  });

  it("answers another media type with 415", async () => {
    for (const headers of [{ "content-type": "text/plain" }, { "content-type": "application/x-www-form-urlencoded" }, { "content-type": "application/json; charset=latin1" }]) {
      const response = await put("typed", '{"content": "text"}', { headers });
      expect(response.status).toBe(415);
      expect((await errorOf(response)).code).toBe("unsupported_media_type");
    }
    const vendor = await put("typed", '{"content": "text"}', { headers: { "content-type": "application/vnd.enclave+json; charset=UTF-8" } });
    expect(vendor.status).toBe(201);
  });

  it("answers a body over ENCLAVE_UPLOAD_MAX_MB with 413, whether or not Content-Length says so", async () => {
    const declared = await put("big", '{"content": "small"}', { headers: { "content-length": String(5 * 1024 * 1024) } });
    expect(declared.status).toBe(413);
    expect(await errorOf(declared)).toEqual({ code: "payload_too_large", message: "The request body is larger than the limit of 1 MB. Send fewer documents per request." });

    // A streamed body has no Content-Length: the bytes are counted as they arrive.
    const chunk = new TextEncoder().encode("x".repeat(64 * 1024));
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent === 0) controller.enqueue(new TextEncoder().encode('{"content": "'));
        sent += chunk.length;
        controller.enqueue(chunk);
        if (sent > 4 * 1024 * 1024) controller.close();
      },
    });
    const request = new Request(`http://enclave.test/api/v1/knowledge-bases/${world.knowledgeBase.slug}/documents/big`, {
      method: "PUT",
      headers: { authorization: `Bearer ${world.keys.write}`, "content-type": "application/json" },
      body: stream,
      duplex: "half",
    } as RequestInit);
    expect(request.headers.get("content-length")).toBeNull();
    const streamed = await PUT(request, { params: Promise.resolve({ kb: world.knowledgeBase.slug, sourceId: "big" }) });
    expect(streamed.status).toBe(413);
    expect(sent).toBeLessThan(2 * 1024 * 1024);
    expect(await db().document.count({ where: { knowledgeBaseId: world.knowledgeBase.id, sourceId: "big" } })).toBe(0);
  });
});

describe("keys", () => {
  it("a read key may read but not write (403); another knowledge base's key sees nothing (404); no key is 401", async () => {
    await put("keys-doc", { content: "Some text about keys." });
    expect((await get("keys-doc")).status).toBe(200);
    for (const response of [await put("keys-doc", { content: "changed" }, { key: world.keys.read }), await remove("keys-doc", { key: world.keys.read })]) {
      expect(response.status).toBe(403);
      expect(await errorOf(response)).toEqual({ code: "forbidden", message: "This API key is read-only." });
    }
    for (const response of [
      await get("keys-doc", { key: world.keys.otherWrite }),
      await put("keys-doc", { content: "changed" }, { key: world.keys.otherWrite }),
      await remove("keys-doc", { key: world.keys.otherWrite }),
    ]) {
      expect(response.status).toBe(404);
      expect(await errorOf(response)).toEqual({ code: "not_found", message: "Knowledge base not found." });
    }
    const anonymous = await put("keys-doc", { content: "changed" }, { key: "" });
    expect(anonymous.status).toBe(401);
    expect(await (await get("keys-doc")).json()).toMatchObject({ content: "Some text about keys.", version: 1 });
  });
});

describe("DELETE /documents/{sourceId}", () => {
  it("deletes (204), after which the document is gone (404), and a second delete is 404 too", async () => {
    await put("to-delete", { content: "Temporary text." });
    const deleted = await remove("to-delete");
    expect(deleted.status).toBe(204);
    expect(await deleted.text()).toBe("");
    const gone = await get("to-delete");
    expect(gone.status).toBe(404);
    expect(await errorOf(gone)).toEqual({ code: "not_found", message: "Document not found." });
    expect((await remove("to-delete")).status).toBe(404);
    expect(await db().chunk.count({ where: { document: { knowledgeBaseId: world.knowledgeBase.id, sourceId: "to-delete" } } })).toBe(0);
  });
});

describe("hostile and unusual text", () => {
  const HOSTILE = ["'; DROP TABLE documents; --", "100% _off_ \\", 'Robert"); DELETE FROM chunks; --', "東京/ファイル 😀 é"];

  it("stores ids, titles and metadata verbatim and touches nothing else", async () => {
    const before = await db().document.count({ where: { knowledgeBaseId: world.other.id } });
    for (const text of HOSTILE) {
      const response = await put(text, { title: text, content: `Content of ${text}`, metadata: { [text]: text, nested: { list: [text] } } });
      expect(response.status).toBe(201);
      expect((await response.json()).sourceId).toBe(text);
      const document = await (await get(text)).json();
      expect(document).toMatchObject({ sourceId: text, title: text, content: `Content of ${text}`, metadata: { [text]: text, nested: { list: [text] } } });
    }
    expect(await db().document.count({ where: { knowledgeBaseId: world.other.id } })).toBe(before);
    expect(await db().chunk.count({ where: { document: { knowledgeBaseId: world.knowledgeBase.id, sourceId: "handbook/leave.md" } } })).toBeGreaterThan(0);
    expect((await remove(HOSTILE[0]!)).status).toBe(204);
    expect((await get(HOSTILE[1]!)).status).toBe(200);
  });
});
