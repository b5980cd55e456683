import { expect, test, type Page } from "@playwright/test";
import { ADMIN } from "./environment";
import { AdminPages } from "./pages/admin";
import { ApiKeysPage } from "./pages/api-keys-page";
import { LoginPage } from "./pages/login-page";
import { unique } from "./sessions";

/** Creates a team and a knowledge base of it through the admin UI; returns the base's id and slug. */
async function createKnowledgeBase(page: Page, label: string) {
  const admin = new AdminPages(page);
  const suffix = unique();
  const teamId = await admin.createTeam(`Team ${label} ${suffix}`);
  const slug = `kb-${label}-${suffix}`;
  const id = await admin.createKnowledgeBase(`Handbook ${label}`, slug, teamId);
  return { id, slug, name: `Handbook ${label}` };
}

test.beforeEach(async ({ page }) => {
  await new LoginPage(page).goto();
  await new LoginPage(page).signIn(ADMIN.email, ADMIN.password);
  await expect(page.getByTestId("current-user")).toHaveText(ADMIN.email);
});

test("an admin creates a read key, it opens its own knowledge base only, and revoking it shuts it out", async ({ page, request }) => {
  const other = await createKnowledgeBase(page, "other");
  const kb = await createKnowledgeBase(page, "keys");
  await page.getByTestId("kb-keys-link").click();
  await expect(page).toHaveURL(new RegExp(`/admin/knowledge-bases/${kb.id}/keys$`));
  await expect(page.getByTestId("api-keys-back")).toHaveAttribute("href", `/admin/knowledge-bases/${kb.id}`);
  await expect(page.getByTestId("api-keys-empty")).toBeVisible();
  await expect(page.getByTestId("api-key-once-note")).toContainText("you will not see it again");

  const keys = new ApiKeysPage(page);
  const secret = await keys.createKey("Intranet search", "read");
  expect(secret).toMatch(/^enc_[A-Za-z0-9_-]{43}$/);
  const row = keys.row("Intranet search");
  await expect(row.getByTestId("api-key-row-prefix")).toHaveText(`${secret.slice(0, 12)}…`);
  await expect(row.getByTestId("api-key-row-scope")).toHaveText("read");
  await expect(row.getByTestId("api-key-row-last-used")).toHaveText("Never");

  const resource = `/api/v1/knowledge-bases/${kb.slug}`;
  const ok = await request.get(resource, { headers: { authorization: `Bearer ${secret}` } });
  expect(ok.status()).toBe(200);
  expect(await ok.json()).toEqual({
    id: kb.id,
    slug: kb.slug,
    name: kb.name,
    documentCount: 0,
    chunkCount: 0,
    embeddingModel: "all-minilm",
    embeddingDimension: 384,
  });
  expect((await request.get(`/api/v1/knowledge-bases/${kb.id}`, { headers: { "x-api-key": secret } })).status()).toBe(200);

  const anonymous = await request.get(resource);
  expect(anonymous.status()).toBe(401);
  expect(anonymous.headers()["www-authenticate"]).toBe("Bearer");
  expect(await anonymous.json()).toEqual({ error: { code: "unauthenticated", message: "A valid API key is required." } });

  for (const elsewhere of [other.slug, other.id, "no-such-knowledge-base"]) {
    const refused = await request.get(`/api/v1/knowledge-bases/${elsewhere}`, { headers: { authorization: `Bearer ${secret}` } });
    expect(refused.status()).toBe(404);
    expect(await refused.json()).toEqual({ error: { code: "not_found", message: "Knowledge base not found." } });
  }

  // Reloaded, the page has no way to show the secret again: only the prefix is ever sent after creation.
  await page.reload();
  await expect(keys.revealed()).toBeHidden();
  expect(await page.content()).not.toContain(secret);
  await expect(keys.row("Intranet search").getByTestId("api-key-row-last-used")).toHaveText(/UTC$/);

  await keys.revoke("Intranet search");
  const revoked = await request.get(resource, { headers: { authorization: `Bearer ${secret}` } });
  expect(revoked.status()).toBe(401);
  expect((await revoked.json()).error.code).toBe("unauthenticated");
});

test("an unknown knowledge base has no keys page", async ({ page }) => {
  await new ApiKeysPage(page).goto("00000000-0000-4000-8000-000000000000");
  await expect(page.getByText("This page could not be found.")).toBeVisible();
});
