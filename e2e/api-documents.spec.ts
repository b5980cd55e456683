import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { ADMIN } from "./environment";
import { AdminPages } from "./pages/admin";
import { ApiKeysPage } from "./pages/api-keys-page";
import { LoginPage } from "./pages/login-page";
import { unique } from "./sessions";

// The documents API over real HTTP against the running app: the routes as Next.js resolves them (the
// `documents:batch` segment, URL-encoded ids), and a batch run to the end by the launcher's background worker.

/** A team, a knowledge base of it, and a write and a read key, all made through the admin UI. */
async function createKnowledgeBaseWithKeys(page: Page) {
  const admin = new AdminPages(page);
  const suffix = unique();
  const teamId = await admin.createTeam(`Team api-docs ${suffix}`);
  const slug = `kb-api-docs-${suffix}`;
  await admin.createKnowledgeBase("API documents", slug, teamId);
  await page.getByTestId("kb-keys-link").click();
  const keys = new ApiKeysPage(page);
  const write = await keys.createKey("Importer", "write");
  // The page shows one new secret at a time: reloaded, it shows none, so the next one read is the new key's.
  await page.reload();
  await expect(keys.revealed()).toBeHidden();
  const read = await keys.createKey("Search", "read");
  expect(read).not.toBe(write);
  return { slug, write, read };
}

async function pollJob(request: APIRequestContext, path: string, key: string) {
  let job: { status: string } = { status: "queued" };
  await expect
    .poll(
      async () => {
        job = await (await request.get(path, { headers: { authorization: `Bearer ${key}` } })).json();
        return job.status;
      },
      { timeout: 20_000 },
    )
    .toBe("succeeded");
  return job;
}

test.beforeEach(async ({ page }) => {
  await new LoginPage(page).goto();
  await new LoginPage(page).signIn(ADMIN.email, ADMIN.password);
  await expect(page.getByTestId("current-user")).toHaveText(ADMIN.email);
});

test("a system puts, reads, batches and deletes documents with its API key", async ({ page, request }) => {
  const { slug, write, read } = await createKnowledgeBaseWithKeys(page);
  const base = `/api/v1/knowledge-bases/${slug}`;
  const asWriter = { authorization: `Bearer ${write}` };
  const asReader = { authorization: `Bearer ${read}` };

  // An id with a slash, a space, a percent sign and non-ASCII text travels URL-encoded and arrives intact.
  const sourceId = "policies/leave 100% ü";
  const documentPath = `${base}/documents/${encodeURIComponent(sourceId)}`;
  const content = "# Annual leave\n\nEmployees accrue twenty-five days of annual leave per calendar year.";
  const put = await request.put(documentPath, { headers: asWriter, data: { title: "Leave policy", content, metadata: { owner: "HR" } } });
  expect(put.status()).toBe(201);
  expect(await put.json()).toMatchObject({ sourceId, outcome: "added", version: 1, embedded: true });
  expect((await request.put(documentPath, { headers: asWriter, data: { title: "Leave policy", content, metadata: { owner: "HR" } } })).status()).toBe(200);

  const got = await request.get(documentPath, { headers: asReader });
  expect(got.status()).toBe(200);
  const document = await got.json();
  expect(document).toMatchObject({ sourceId, title: "Leave policy", content, metadata: { owner: "HR" }, version: 1, embedded: true });
  expect(document.chunks.length).toBeGreaterThan(0);

  expect((await request.put(documentPath, { headers: asReader, data: { content: "changed" } })).status()).toBe(403);
  // A Buffer, because Playwright would encode a string as a JSON string.
  const malformed = await request.put(documentPath, { headers: { ...asWriter, "content-type": "application/json" }, data: Buffer.from('{\n  "content": \n}') });
  expect(malformed.status()).toBe(400);
  expect(await malformed.json()).toMatchObject({ error: { code: "invalid_json", line: 3, column: 1 } });

  const batch = await request.post(`${base}/documents:batch`, {
    headers: asWriter,
    data: {
      documents: [
        { id: "faq-1", title: "Expenses", content: "Expense claims must be filed within thirty days with receipts attached." },
        { id: "faq-2", title: "VPN", content: "The VPN client must be updated before connecting from a home network." },
      ],
    },
  });
  expect(batch.status()).toBe(202);
  const accepted = await batch.json();
  expect(batch.headers().location).toBe(accepted.links.job);
  const job = await pollJob(request, accepted.links.job, read);
  expect(job).toMatchObject({ total: 2, processed: 2, counts: { added: 2, failed: 0 }, failures: [] });

  const list = await request.get(`${base}/documents?prefix=faq-&pageSize=10`, { headers: asReader });
  expect(list.status()).toBe(200);
  expect(await list.json()).toMatchObject({ total: 2, page: 1, pageSize: 10, items: [{ embedded: true }, { embedded: true }] });

  const deleted = await request.delete(`${base}/documents/faq-1`, { headers: asWriter });
  expect(deleted.status()).toBe(204);
  expect((await request.get(`${base}/documents/faq-1`, { headers: asReader })).status()).toBe(404);
  expect((await request.delete(`${base}/documents/faq-1`, { headers: asWriter })).status()).toBe(404);
  expect((await request.get(`${base}/documents/faq-2`, { headers: asReader })).status()).toBe(200);

  // `{jobId}:retry` reaches the job route as one segment.
  const retry = await request.post(`${accepted.links.job}:retry`, { headers: asWriter });
  expect(retry.status()).toBe(400);
  expect((await retry.json()).error.message).toBe("This job has no failed documents to retry.");

  const openapi = await request.get("/api/v1/openapi.json");
  expect(openapi.status()).toBe(200);
  expect(Object.keys((await openapi.json()).paths)).toContain("/api/v1/knowledge-bases/{kb}/documents:batch");
});
