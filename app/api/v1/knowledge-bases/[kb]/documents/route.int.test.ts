import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PUT } from "./[sourceId]/route";
import { apiRequest, apiWorld, errorOf } from "./api-test-world";
import { GET } from "./route";

let world: Awaited<ReturnType<typeof apiWorld>>;
const IDS = ["p/a", "p/b", "p_c", "p%d", "pxe", "p\\f", "q/1", "'; DROP TABLE documents; --"];

beforeAll(async () => {
  world = await apiWorld();
  for (const sourceId of IDS) {
    const kb = world.knowledgeBase.slug;
    const request = apiRequest("PUT", `/api/v1/knowledge-bases/${kb}/documents/${encodeURIComponent(sourceId)}`, { key: world.keys.write, body: { content: `Text of ${sourceId}.`, metadata: { id: sourceId } } });
    expect((await PUT(request, { params: Promise.resolve({ kb, sourceId }) })).status).toBe(201);
    // Distinct updatedAt values (millisecond precision), so the order and updatedSince are exact.
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
});
afterAll(async () => {
  await world.model.close();
});

async function list(query: string, key = world.keys.read) {
  const kb = world.knowledgeBase.id;
  return GET(apiRequest("GET", `/api/v1/knowledge-bases/${kb}/documents${query}`, { key }), { params: Promise.resolve({ kb }) });
}

async function ids(query: string): Promise<string[]> {
  const response = await list(query);
  expect(response.status).toBe(200);
  return (await response.json()).items.map((item: { sourceId: string }) => item.sourceId);
}

describe("GET /documents", () => {
  it("lists documents newest first with their summary fields", async () => {
    const response = await list("");
    const body = await response.json();
    expect(body).toMatchObject({ page: 1, pageSize: 50, total: IDS.length, pageCount: 1 });
    expect(body.items.map((item: { sourceId: string }) => item.sourceId)).toEqual([...IDS].reverse());
    expect(body.items[0]).toEqual({
      sourceId: IDS.at(-1),
      title: IDS.at(-1),
      version: 1,
      chunkCount: 1,
      embedded: true,
      metadata: { id: IDS.at(-1) },
      createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      updatedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
  });

  it("pages", async () => {
    const first = await (await list("?pageSize=3")).json();
    expect(first).toMatchObject({ page: 1, pageSize: 3, total: IDS.length, pageCount: 3 });
    const pages = [first.items, (await (await list("?pageSize=3&page=2")).json()).items, (await (await list("?pageSize=3&page=3")).json()).items];
    expect(pages.map((items) => items.length)).toEqual([3, 3, 2]);
    expect(pages.flat().map((item: { sourceId: string }) => item.sourceId)).toEqual([...IDS].reverse());
    expect(await ids("?pageSize=3&page=4")).toEqual([]);
  });

  it("filters by id prefix, taking %, _ and \\ literally", async () => {
    expect(await ids("?prefix=p%2F")).toEqual(["p/b", "p/a"]);
    expect(await ids("?prefix=p_")).toEqual(["p_c"]);
    expect(await ids("?prefix=p%25")).toEqual(["p%d"]);
    expect(await ids("?prefix=%25")).toEqual([]);
    expect(await ids("?prefix=_")).toEqual([]);
    expect(await ids("?prefix=p%5C")).toEqual(["p\\f"]);
    expect(await ids(`?prefix=${encodeURIComponent("'; DROP")}`)).toEqual(["'; DROP TABLE documents; --"]);
    expect(await ids("?prefix=P")).toEqual([]);
  });

  it("filters by text in the title or id", async () => {
    expect(await ids("?q=Q%2F")).toEqual(["q/1"]);
    expect(await ids("?q=%25")).toEqual(["p%d"]);
    expect(await ids("?q=_")).toEqual(["p_c"]);
  });

  it("filters by updatedSince, inclusive", async () => {
    const all = (await (await list("")).json()).items as { sourceId: string; updatedAt: string }[];
    const third = all[2]!;
    expect(await ids(`?updatedSince=${encodeURIComponent(third.updatedAt)}`)).toEqual(all.slice(0, 3).map((item) => item.sourceId));
    const offset = new Date(third.updatedAt).toISOString().replace("Z", "+00:00");
    expect(await ids(`?updatedSince=${encodeURIComponent(offset)}`)).toHaveLength(3);
    expect(await ids("?updatedSince=2000-01-01")).toHaveLength(IDS.length);
    expect(await ids("?updatedSince=2999-01-01T00:00:00Z")).toEqual([]);
  });

  it.each([
    ["?page=0", "page", /"page" must be a whole number from 1 to 100000; got "0"/],
    ["?page=two", "page", /"page" must be a whole number/],
    ["?pageSize=501", "pageSize", /"pageSize" must be a whole number from 1 to 500; got "501"/],
    ["?pageSize=", "pageSize", /"pageSize" must be a whole number/],
    ["?updatedSince=yesterday", "updatedSince", /"updatedSince" must be an ISO 8601 date-time/],
    ["?updatedSince=2024-13-45", "updatedSince", /"updatedSince" must be an ISO 8601/],
    ["?updatedSince=2024-05-01T10:00:00", "updatedSince", /with a time zone/],
    ["?prefix=a%00b", "prefix", /"prefix" must be text without control characters/],
    ["?pagesize=10", "pagesize", /Unknown query parameter "pagesize". This endpoint takes "q", "prefix", "updatedSince", "page", "pageSize"/],
    ["?page=1&page=2", "page", /given more than once/],
  ])("answers %s with 400 naming the parameter", async (query, parameter, message) => {
    const response = await list(query);
    expect(response.status).toBe(400);
    const error = await errorOf(response);
    expect(error).toMatchObject({ code: "invalid_query", parameter });
    expect(error.message).toMatch(message);
  });

  it("needs a key of this knowledge base", async () => {
    expect((await list("", world.keys.write)).status).toBe(200);
    expect((await list("", world.keys.otherWrite)).status).toBe(404);
    expect((await list("", "")).status).toBe(401);
  });
});
