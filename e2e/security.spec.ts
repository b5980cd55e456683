import { expect, test, type Page } from "@playwright/test";
import { randomUUID } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { withAppDatabase } from "./database";
import { ADMIN, APP_URL } from "./environment";
import { AdminPages } from "./pages/admin";
import { DocumentsPage } from "./pages/documents-page";
import { LoginPage } from "./pages/login-page";
import { findAction, postAction } from "./server-actions";
import { signedInPage, unique } from "./sessions";

// Two users in two teams. Each tries the other team's ids on every page, route and action there is,
// and gets a 404 (or 401/403) and none of the other team's data. Extended as features arrive.

interface World {
  alice: { email: string; password: string };
  bob: { email: string; password: string };
  /** Locked out by the brute-force test; nobody else signs in as her. */
  eve: { email: string; password: string };
  kbA: { id: string; slug: string };
  kbB: { id: string; slug: string };
  teamB: string;
}

let world: World;

test.beforeAll(async ({ browser }) => {
  const id = unique();
  const admin = new AdminPages(await signedInPage(browser, ADMIN.email, ADMIN.password));
  const teamA = await admin.createTeam(`Alpha ${id}`);
  const teamB = await admin.createTeam(`Beta ${id}`);
  const kbA = { slug: `alpha-${id}`, id: await admin.createKnowledgeBase(`Alpha ${id}`, `alpha-${id}`, teamA) };
  const kbB = { slug: `beta-${id}`, id: await admin.createKnowledgeBase(`Beta ${id}`, `beta-${id}`, teamB) };
  const alice = { email: `alice-sec-${id}@e2e.test`, password: `alice-password-${id}` };
  const bob = { email: `bob-sec-${id}@e2e.test`, password: `bob-password-${id}` };
  await admin.createUser(alice.email, alice.password);
  await admin.createUser(bob.email, bob.password);
  const eve = { email: `eve-sec-${id}@e2e.test`, password: `eve-password-${id}` };
  await admin.createUser(eve.email, eve.password);
  await admin.addMember(teamA, alice.email, "editor");
  await admin.addMember(teamB, bob.email, "editor");
  world = { alice, bob, eve, kbA, kbB, teamB };
});

async function knowledgeBaseExists(id: string): Promise<boolean> {
  return withAppDatabase(async (client) => (await client.query("SELECT 1 FROM knowledge_bases WHERE id = $1", [id])).rowCount === 1);
}

test("a member never sees another team's knowledge base on any page", async ({ browser }) => {
  const alice: Page = await signedInPage(browser, world.alice.email, world.alice.password);
  await expect(alice.getByTestId("kb-option")).toHaveCount(1);
  await expect(alice.locator("body")).not.toContainText(world.kbB.slug);
  for (const path of [`/admin/knowledge-bases/${world.kbB.id}`, `/admin/knowledge-bases/${world.kbB.id}/keys`, `/admin/teams/${world.teamB}`, "/admin/users", "/admin/audit"]) {
    const response = await alice.goto(path);
    expect(response?.status(), path).toBe(404);
    await expect(alice.locator("body")).not.toContainText(world.kbB.slug);
  }
});

test("a member cannot reach another team's documents, citations, chats, feedback or evaluation by their ids", async ({ browser }) => {
  // Bob's team has a document; Alice knows its ids (as if leaked) and tries every route that takes them.
  const bob = await signedInPage(browser, world.bob.email, world.bob.password);
  const file = path.join(mkdtempSync(path.join(tmpdir(), "enclave-security-")), "secret.jsonl");
  writeFileSync(file, `${JSON.stringify({ id: "beta-secret", title: "Beta merger plan", content: "The Beta merger closes in March with codename Heron." })}\n`);
  const documents = new DocumentsPage(bob, world.kbB.slug);
  await documents.chooseFiles([file]);
  await documents.submitUpload();
  await documents.waitForJobSuccess();
  const documentId = await withAppDatabase(
    async (client) => (await client.query<{ id: string }>("SELECT id FROM documents WHERE knowledge_base_id = $1 AND source_id = 'beta-secret'", [world.kbB.id])).rows[0]!.id,
  );

  const alice = await signedInPage(browser, world.alice.email, world.alice.password);
  for (const route of [`/api/sources/${world.kbB.id}/${documentId}`, `/api/chat-bases/${world.kbB.id}/examples`, `/api/chat-bases/${world.kbB.id}/model-status`]) {
    const response = await alice.request.get(route);
    expect(response.status(), route).toBe(404);
    expect(await response.text(), route).not.toMatch(/Heron|merger/);
  }
  for (const page of ["documents", `documents/${documentId}`, "feedback", "evaluation"]) {
    const response = await alice.goto(`/knowledge-bases/${world.kbB.slug}/${page}`);
    expect(response?.status(), page).toBe(404);
    await expect(alice.locator("body"), page).not.toContainText("Heron");
  }
  // Starting a chat on Bob's knowledge base is refused before anything is retrieved or stored.
  const chatId = randomUUID();
  const asked = await alice.request.post("/api/chat", {
    headers: { origin: new URL(alice.url()).origin },
    data: { id: chatId, knowledgeBaseId: world.kbB.id, message: { role: "user", parts: [{ type: "text", text: "What is the merger codename?" }] } },
  });
  expect(asked.status()).toBe(404);
  expect(await asked.text()).not.toContain("Heron");
  expect(await withAppDatabase(async (client) => (await client.query("SELECT 1 FROM chats WHERE id = $1", [chatId])).rowCount)).toBe(0);
});

test("unauthenticated requests are sent to log in (pages) or refused (API)", async ({ request }) => {
  for (const path of ["/chat", "/account", "/admin/users", `/admin/knowledge-bases/${world.kbB.id}`]) {
    const response = await request.get(path, { maxRedirects: 0 });
    expect(response.status(), path).toBe(307);
    expect(response.headers()["location"], path).toMatch(/\/login/);
  }
  expect((await request.get(`/api/v1/knowledge-bases/${world.kbB.slug}`)).status()).toBe(401);
});

test("a member cannot run an admin action by posting to it directly", async ({ browser }) => {
  const alice = await signedInPage(browser, world.alice.email, world.alice.password);
  const deleteAction = findAction("deleteKnowledgeBaseAction", "knowledge-bases/actions");
  const response = await postAction(alice.request, deleteAction, `/admin/knowledge-bases/${world.kbB.id}`, [null, { knowledgeBaseId: world.kbB.id, confirmSlug: world.kbB.slug }]);
  expect(await response.text()).toContain("Only administrators may do this.");
  expect(await knowledgeBaseExists(world.kbB.id)).toBe(true);
});

test("a server action posted from a foreign origin is refused, even with an admin's session", async ({ browser }) => {
  const admin = await signedInPage(browser, ADMIN.email, ADMIN.password);
  const deleteAction = findAction("deleteKnowledgeBaseAction", "knowledge-bases/actions");
  const response = await postAction(admin.request, deleteAction, `/admin/knowledge-bases/${world.kbA.id}`, [null, { knowledgeBaseId: world.kbA.id, confirmSlug: world.kbA.slug }], {
    origin: "https://attacker.example",
  });
  expect(response.status()).toBeGreaterThanOrEqual(400);
  expect(await knowledgeBaseExists(world.kbA.id)).toBe(true);
});

test("an action without a session is refused", async ({ playwright }) => {
  const anonymous = await playwright.request.newContext({ baseURL: APP_URL });
  const deleteAction = findAction("deleteKnowledgeBaseAction", "knowledge-bases/actions");
  const response = await postAction(anonymous, deleteAction, `/admin/knowledge-bases/${world.kbA.id}`, [null, { knowledgeBaseId: world.kbA.id, confirmSlug: world.kbA.slug }]);
  expect(response.status()).not.toBe(200);
  expect(await knowledgeBaseExists(world.kbA.id)).toBe(true);
});

test("brute-force sign-in is throttled, even for the right password", async ({ page }) => {
  const form = new LoginPage(page);
  await page.goto("/login");
  for (let attempt = 0; attempt < 5; attempt++) {
    await form.signIn(world.eve.email, `wrong-password-${attempt}`);
    await form.expectError(/do not match an active account/);
  }
  await form.signIn(world.eve.email, world.eve.password);
  await form.expectError(/Too many failed attempts/);
});
