import { createHash } from "node:crypto";
import { expect, test } from "@playwright/test";
import { ADMIN, FAKE_MODEL_URL } from "./environment";
import { AdminPages } from "./pages/admin";
import { ChatPage, fakeModel, seedKnowledgeBase, warmUpAnswers, type SeedDocument } from "./pages/chat-page";
import { signedInPage, unique } from "./sessions";

// The privacy controls as an admin and a reader meet them: the admin switches a knowledge base to a "hosted" model
// (the fake model server stands in for the hosted service; a local address is allowed for hosted endpoints), the reader
// asks about a person by name and e-mail address, the fake server must receive only placeholders, the reader sees the
// real values and the masked badge, and the egress log lists the call with the hash of the exact payload.

const DOCUMENTS: SeedDocument[] = [
  {
    sourceId: "people/payroll",
    title: "Payroll team",
    content: "Maria Schmidt (maria.schmidt@example.org) leads the payroll team. Payslips are published on the last working day of the month.",
  },
  { sourceId: "it/vpn", title: "Remote access", content: "The VPN client must be updated before connecting from a home network." },
];
const RAW_VALUES = ["Maria Schmidt", "Schmidt", "maria.schmidt@example.org"];
const API_KEY = `sk-e2e-hosted-${unique()}${unique()}`;

let world: { slug: string; knowledgeBaseId: string; reader: { email: string; password: string } };

test.beforeAll(async ({ browser }) => {
  test.setTimeout(120_000);
  const id = unique();
  const adminPage = await signedInPage(browser, ADMIN.email, ADMIN.password);
  const admin = new AdminPages(adminPage);
  const kb = await seedKnowledgeBase(adminPage, { team: `Payroll ${id}`, name: `People directory ${id}`, slug: `people-${id}` }, DOCUMENTS);
  const reader = { email: `paula-privacy-${id}@e2e.test`, password: `paula-password-${id}` };
  await admin.createUser(reader.email, reader.password);
  await admin.addMember(kb.teamId, reader.email, "reader");
  // Loads the tokenizer while the base is still local (see warmUpAnswers).
  await warmUpAnswers(adminPage, kb.knowledgeBaseId, "When are payslips published?");
  await adminPage.context().close();
  world = { slug: kb.slug, knowledgeBaseId: kb.knowledgeBaseId, reader };
});

test("a hosted knowledge base: only placeholders leave, the reader sees the real values and the badge, the call is logged", async ({ browser, request }) => {
  test.setTimeout(90_000);
  const adminPage = await signedInPage(browser, ADMIN.email, ADMIN.password);
  const admin = new AdminPages(adminPage);
  await admin.switchToHosted(world.knowledgeBaseId, { chatBaseUrl: `${FAKE_MODEL_URL}/v1`, apiKey: API_KEY, piiPatterns: "EMPLOYEE_ID: E\\d{5}" });
  await expect(adminPage.getByTestId("kb-settings-form").getByTestId("form-success")).toContainText("will be sent to");
  // After a reload the form says a key is stored, and the key itself is nowhere in the page.
  await adminPage.reload();
  await expect(adminPage.getByTestId("kb-api-key-state")).toContainText("A key is stored");
  await expect(adminPage.getByTestId("kb-chat-api-key")).toHaveValue("");
  await expect(adminPage.getByTestId("kb-hosted-warning")).toBeVisible();
  expect(await adminPage.content()).not.toContain(API_KEY);

  await fakeModel.clearRequests(request);
  const readerPage = await signedInPage(browser, world.reader.email, world.reader.password);
  const chat = new ChatPage(readerPage);
  const option = readerPage.locator(`[data-testid="kb-option"][data-slug="${world.slug}"]`);
  await expect(option.getByTestId("kb-hosted-marker")).toBeVisible();
  await chat.chooseKnowledgeBase(world.slug);
  await chat.ask("Does Maria Schmidt lead the payroll team? Can I write to maria.schmidt@example.org about it?");
  await chat.waitForAnswer("complete", 30_000);

  await expect(chat.answerText()).toContainText("Maria Schmidt (maria.schmidt@example.org) leads the payroll team.");
  await expect(chat.badge("hosted")).toHaveText(/^Answered by a hosted model — \d+ personal details? masked$/);
  await expect(readerPage.getByTestId("chat-kb")).toBeVisible();
  await expect(readerPage.getByTestId("kb-hosted-marker")).toBeVisible();

  const sent = await fakeModel.chatRequests(request);
  expect(sent.length).toBeGreaterThanOrEqual(1);
  for (const call of sent) {
    for (const value of RAW_VALUES) expect(call.rawBody).not.toContain(value);
    expect(call.rawBody).toContain("[PERSON_1]");
    expect(call.rawBody).toContain("[EMAIL_1]");
    expect(call.headers.authorization).toBe(`Bearer ${API_KEY}`);
  }

  await adminPage.goto("/admin/egress");
  const rows = adminPage.getByTestId("egress-row").filter({ hasText: world.slug });
  await expect(rows).toHaveCount(sent.length);
  await expect(rows.first()).toContainText(world.reader.email);
  await expect(rows.first()).toContainText("answer");
  await expect(rows.first()).toHaveAttribute("data-status", "ok");
  const hashes = sent.map((call) => createHash("sha256").update(call.rawBody).digest("hex"));
  expect(hashes).toContain(await rows.first().getByTestId("egress-hash").textContent());
  await Promise.all([adminPage.context().close(), readerPage.context().close()]);
});
