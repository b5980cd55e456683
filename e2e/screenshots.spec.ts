import { expect, test } from "@playwright/test";
import path from "node:path";
import { ADMIN } from "./environment";
import { ChatPage, seedKnowledgeBase, warmUpAnswers } from "./pages/chat-page";
import { DocumentsPage } from "./pages/documents-page";
import { signedInPage, unique } from "./sessions";

// The README's screenshots, taken from the real app with the fake model server: `ENCLAVE_SCREENSHOTS=1 npx playwright
// test e2e/screenshots.spec.ts` writes docs/screenshots/*.png. Skipped otherwise (the suite never writes the docs).

const OUT = path.resolve(import.meta.dirname, "../docs/screenshots");

test.skip(!process.env.ENCLAVE_SCREENSHOTS, "set ENCLAVE_SCREENSHOTS=1 to refresh the README's screenshots");

test("the chat with an open source panel, and the documents page", async ({ browser }) => {
  test.setTimeout(120_000);
  const id = unique();
  const adminPage = await signedInPage(browser, ADMIN.email, ADMIN.password);
  await adminPage.setViewportSize({ width: 1360, height: 820 });
  const kb = await seedKnowledgeBase(adminPage, { team: "People", name: "HR handbook", slug: `hr-handbook-${id}` }, [
    {
      sourceId: "policies/leave",
      title: "Annual leave",
      content:
        "# Annual leave\n\nEmployees accrue twenty-five days of annual leave per calendar year. Unused leave expires at the end of March of the following year.\n\n" +
        "## Carrying over\n\nUp to five days may be carried over with the approval of your manager. Requests go through the HR portal before 31 December.",
      metadata: { owner: "HR", reviewed: "2026-01" },
    },
    { sourceId: "policies/expenses", title: "Expense claims", content: "Expense claims must be filed within thirty days with receipts attached. Claims above 500 euros need approval by a director." },
    { sourceId: "policies/parental", title: "Parental leave", content: "Parents receive sixteen weeks of paid parental leave, which can be taken in blocks of at least two weeks." },
    { sourceId: "it/vpn", title: "Remote access", content: "The VPN client must be updated before connecting from a home network. Use the company laptop only." },
  ]);
  await warmUpAnswers(adminPage, kb.knowledgeBaseId, "How many days of annual leave do employees accrue?");

  const chat = new ChatPage(adminPage);
  await chat.goto();
  await chat.chooseKnowledgeBase(kb.slug);
  await chat.ask("How many days of annual leave do employees accrue, and when does unused leave expire?");
  await chat.waitForAnswer("complete");
  await chat.chip(1).click();
  await expect(chat.highlight()).toBeInViewport();
  await adminPage.screenshot({ path: path.join(OUT, "chat-source-panel.png") });

  const documents = new DocumentsPage(adminPage, kb.slug);
  await documents.goto();
  await expect(documents.rows()).toHaveCount(4);
  await adminPage.screenshot({ path: path.join(OUT, "documents.png") });
});
