import { randomUUID } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { withAppDatabase } from "./database";
import { ADMIN, APP_URL } from "./environment";
import { AdminPages } from "./pages/admin";
import { DocumentsPage } from "./pages/documents-page";
import { FeedbackPage } from "./pages/feedback-page";
import { signedInPage, unique } from "./sessions";

// The editors' view of feedback. The chat page (and the thumbs under its answers) is being rebuilt, so the answer is
// asked through the chat route and the thumbs-down is stored directly; the buttons get their own test with that page.

/** Asks a question through the chat route as the signed-in user and waits for the whole answer; returns the chat id. */
async function ask(page: Page, knowledgeBaseId: string, question: string): Promise<string> {
  const chatId = randomUUID();
  const response = await page.request.post(`${APP_URL}/api/chat`, {
    headers: { Origin: APP_URL },
    data: { id: chatId, knowledgeBaseId, message: { role: "user", parts: [{ type: "text", text: question }] } },
  });
  expect(response.status()).toBe(200);
  await response.text();
  return chatId;
}

/** Stores the chat owner's rating of the chat's answer, as the chat's thumbs would (lib/db/feedback.ts setFeedback). */
async function rateAnswer(chatId: string, rating: 1 | -1, comment: string | null) {
  await withAppDatabase(async (client) => {
    const { rowCount } = await client.query(
      `INSERT INTO feedback (message_id, user_id, knowledge_base_id, rating, comment)
       SELECT m.id, c.user_id, c.knowledge_base_id, $2, $3 FROM messages m JOIN chats c ON c.id = m.chat_id
       WHERE c.id = $1 AND m.role = 'assistant'`,
      [chatId, rating, comment],
    );
    expect(rowCount).toBe(1);
  });
}

test("editors see rated answers without who rated them until the base allows it; readers and other teams get a 404", async ({ browser }) => {
  test.setTimeout(180_000);
  const id = unique();
  const adminPage = await signedInPage(browser, ADMIN.email, ADMIN.password);
  const admin = new AdminPages(adminPage);
  const team = await admin.createTeam(`Feedback ${id}`);
  const otherTeam = await admin.createTeam(`Elsewhere ${id}`);
  const slug = `feedback-${id}`;
  const knowledgeBaseId = await admin.createKnowledgeBase(`Feedback ${id}`, slug, team);
  const people = {
    editor: { email: `fb-editor-${id}@e2e.test`, password: `fb-editor-password-${id}` },
    asker: { email: `fb-asker-${id}@e2e.test`, password: `fb-asker-password-${id}` },
    reader: { email: `fb-reader-${id}@e2e.test`, password: `fb-reader-password-${id}` },
    outsider: { email: `fb-outsider-${id}@e2e.test`, password: `fb-outsider-password-${id}` },
  };
  for (const person of Object.values(people)) await admin.createUser(person.email, person.password);
  await admin.addMember(team, people.editor.email, "editor");
  await admin.addMember(team, people.asker.email, "reader");
  await admin.addMember(team, people.reader.email, "reader");
  await admin.addMember(otherTeam, people.outsider.email, "editor");

  // The editor adds the document the answer will cite.
  const editorPage = await signedInPage(browser, people.editor.email, people.editor.password);
  const documents = new DocumentsPage(editorPage, slug);
  await editorPage.goto(`${documents.base}/documents/new`);
  await editorPage.getByTestId("paste-title").fill("Annual leave policy");
  await editorPage.getByTestId("paste-id").fill("leave-policy");
  await editorPage.getByTestId("paste-content").fill("Employees accrue twenty-five days of annual leave per year. Unused days expire in March.");
  await editorPage.getByTestId("paste-submit").click();
  await documents.waitForJobSuccess();

  // A reader of the team asks, then rates the answer down with a comment.
  const askerPage = await signedInPage(browser, people.asker.email, people.asker.password);
  const feedback = new FeedbackPage(editorPage, slug);
  await feedback.openFromDocuments();
  await expect(feedback.emptyState()).toContainText("No feedback yet");
  const chatId = await ask(askerPage, knowledgeBaseId, "How many days of annual leave do employees accrue?");
  await rateAnswer(chatId, -1, "It does not say when the days expire.");

  await feedback.goto();
  await expect(feedback.items()).toHaveCount(1);
  const item = feedback.items().first();
  await expect(item).toHaveAttribute("data-rating", "down");
  await expect(item.getByTestId("feedback-question")).toHaveText("How many days of annual leave do employees accrue?");
  await expect(item.getByTestId("feedback-answer")).toContainText("twenty-five days");
  await expect(item.getByTestId("feedback-item-comment")).toHaveText("It does not say when the days expire.");
  await expect(item.getByTestId("feedback-user")).toHaveCount(0);
  await expect(editorPage.getByText(people.asker.email)).toHaveCount(0);
  const cited = item.locator('[data-testid="feedback-document"][data-source-id="leave-policy"]');
  await expect(cited).toContainText("Annual leave policy");

  // Filters: the thumbs-down is not among the helpful answers.
  await feedback.goto("up");
  await expect(feedback.emptyState()).toContainText("No answers rated helpful yet");
  await feedback.goto("down");
  await expect(feedback.items()).toHaveCount(1);

  // The cited document is one click away.
  await cited.getByRole("link").click();
  await expect(editorPage).toHaveURL(new RegExp(`/knowledge-bases/${slug}/documents/[0-9a-f-]{36}$`));
  await expect(editorPage.getByTestId("document-source-id")).toHaveText("leave-policy");

  // An admin lets the base's editors see who gave feedback.
  await adminPage.goto(`/admin/knowledge-bases/${knowledgeBaseId}`);
  await expect(adminPage.getByTestId("kb-show-feedback-identity")).not.toBeChecked();
  await adminPage.getByTestId("kb-show-feedback-identity").check();
  await adminPage.getByTestId("kb-settings-submit").click();
  await expect(adminPage.getByTestId("kb-settings-form").getByTestId("form-success")).toHaveText("Saved.");
  await feedback.goto();
  await expect(feedback.items().first().getByTestId("feedback-user")).toHaveText(`by ${people.asker.email}`);

  // Readers of the team, and another team's editor, get a 404 and no link to it.
  const readerPage = await signedInPage(browser, people.reader.email, people.reader.password);
  await readerPage.goto(`/knowledge-bases/${slug}/documents`);
  await expect(readerPage.getByTestId("kb-nav-documents")).toBeVisible();
  await expect(readerPage.getByTestId("kb-nav-feedback")).toHaveCount(0);
  expect((await new FeedbackPage(readerPage, slug).goto())?.status()).toBe(404);
  const outsiderPage = await signedInPage(browser, people.outsider.email, people.outsider.password);
  expect((await new FeedbackPage(outsiderPage, slug).goto())?.status()).toBe(404);
});
