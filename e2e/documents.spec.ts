import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { PDFDocument, StandardFonts } from "pdf-lib";
import { ADMIN, APP_URL } from "./environment";
import { AdminPages } from "./pages/admin";
import { DocumentsPage } from "./pages/documents-page";
import { signedInPage, unique } from "./sessions";

// The "tried as a new user would": an editor fills a knowledge base from files, re-uploads a changed export,
// reads a document's chunks and deletes one; a reader of the team only reads; another team's member gets a 404.

const TOPICS = ["leave", "expenses", "travel", "security", "onboarding"];

function policies(changed?: string): string {
  return TOPICS.map((topic, i) => {
    // The first document is long enough to be split into several chunks.
    const body = i === 0 ? longText(topic) : `The ${topic} policy: ask the ${topic} desk, which answers within ${i + 1} working days.`;
    const content = topic === changed ? `${body} Updated: the ${topic} desk now also answers by phone.` : body;
    return JSON.stringify({ id: `policy-${topic}`, title: `${topic[0]!.toUpperCase()}${topic.slice(1)} policy`, content, metadata: { owner: "hr" } });
  }).join("\n");
}

function longText(topic: string): string {
  return Array.from({ length: 40 }, (_, i) => `Rule ${i + 1} of the ${topic} policy: requests of kind ${i + 1} need a form signed by the team lead before the ${i + 1}th of the month.`).join("\n\n");
}

async function writePdf(file: string) {
  const pdf = await PDFDocument.create();
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  const page = pdf.addPage([420, 300]);
  ["Travel handbook", "Book trains for trips under four hours.", "Hotels need approval above 120 euros a night."].forEach((line, i) =>
    page.drawText(line, { x: 30, y: 260 - i * 22, size: 12, font }),
  );
  writeFileSync(file, await pdf.save());
}

test("an editor uploads, re-uploads, reads and deletes documents; a reader only reads; another team gets a 404", async ({ browser }) => {
  test.setTimeout(240_000);
  const id = unique();
  const admin = new AdminPages(await signedInPage(browser, ADMIN.email, ADMIN.password));
  const team = await admin.createTeam(`Policies ${id}`);
  const otherTeam = await admin.createTeam(`Elsewhere ${id}`);
  const slug = `policies-${id}`;
  await admin.createKnowledgeBase(`Policies ${id}`, slug, team);
  await admin.createKnowledgeBase(`Elsewhere ${id}`, `elsewhere-${id}`, otherTeam);
  const people = {
    editor: { email: `editor-${id}@e2e.test`, password: `editor-password-${id}` },
    reader: { email: `reader-${id}@e2e.test`, password: `reader-password-${id}` },
    outsider: { email: `outsider-${id}@e2e.test`, password: `outsider-password-${id}` },
  };
  for (const person of Object.values(people)) await admin.createUser(person.email, person.password);
  await admin.addMember(team, people.editor.email, "editor");
  await admin.addMember(team, people.reader.email, "reader");
  await admin.addMember(otherTeam, people.outsider.email, "editor");

  const dir = mkdtempSync(path.join(tmpdir(), "enclave-documents-"));
  const jsonl = path.join(dir, "policies.jsonl");
  const pdf = path.join(dir, "Travel Handbook.pdf");
  writeFileSync(jsonl, policies());
  await writePdf(pdf);

  // The editor finds the documents from the knowledge base's card, starts from the empty state, and uploads both files.
  const editorPage = await signedInPage(browser, people.editor.email, people.editor.password);
  const editor = new DocumentsPage(editorPage, slug);
  await editorPage.locator(`[data-testid="kb-option"][data-slug="${slug}"]`).getByTestId("kb-documents-link").click();
  await expect(editor.emptyState()).toContainText("No documents yet — upload files or paste text");
  await editor.emptyState().getByTestId("add-documents-link").click();
  await editor.chooseFiles([jsonl, pdf]);
  await expect(editor.fileCard("policies.jsonl").getByTestId("mapping-id")).toHaveValue("id");
  await expect(editor.fileCard("policies.jsonl").getByTestId("mapping-content")).toHaveValue("content");
  await expect(editor.fileCard("Travel Handbook.pdf").getByTestId("upload-file-id")).toHaveValue("travel-handbook");
  await editor.submitUpload();
  await editor.waitForJobSuccess();
  await expect(editor.jobCount("added")).toHaveText("6");
  await expect(editor.jobSummary()).toHaveText("added 6");

  // Re-uploading the export with one document changed replaces exactly that one.
  writeFileSync(jsonl, policies("expenses"));
  await editor.chooseFiles([jsonl]);
  await editor.submitUpload();
  await editor.waitForJobSuccess();
  await expect(editor.jobSummary()).toHaveText("replaced 1, unchanged 4");
  await expect(editor.jobCount("replaced")).toHaveText("1");
  await expect(editor.jobCount("unchanged")).toHaveText("4");

  await editor.goto();
  await expect(editor.rows()).toHaveCount(6);
  await expect(editor.row("policy-expenses").getByTestId("document-version")).toHaveText("2");
  await expect(editor.row("travel-handbook").getByTestId("document-embedded")).toHaveText("embedded");
  await expect(editorPage.getByTestId("recent-jobs").getByTestId("job-row")).toHaveCount(2);

  // A document's chunks: selecting one marks exactly its character range in the text.
  await editor.openDocument("policy-leave");
  expect(await editor.chunks().count()).toBeGreaterThan(1);
  const mark = await editor.highlightChunk(1);
  const range = await editorPage.locator('[data-testid="chunk-item"][data-ordinal="1"]').getByTestId("chunk-range").textContent();
  const [start, end] = (/characters (\d+)–(\d+)/.exec(range ?? "") ?? []).slice(1).map(Number);
  const marked = (await mark.textContent()) ?? "";
  expect(marked.length).toBe(end! - start! + 1);
  const text = (await editorPage.getByTestId("document-text").textContent()) ?? "";
  expect(text.slice(start! - 1, end)).toBe(marked);
  expect(marked).toMatch(/Rule \d+ of the leave policy/);

  // Deleting one document by its id from the list.
  await editor.goto();
  await editor.deleteDocuments(["policy-security"]);
  await expect(editor.row("policy-security")).toHaveCount(0);
  await editor.goto("?q=policy-security");
  await expect(editor.emptyState()).toContainText("No document matches");

  // Uploads come only from Enclave's own pages.
  const crossSite = await editorPage.request.post(`${APP_URL}/knowledge-bases/${slug}/documents/upload`, {
    headers: { origin: "https://elsewhere.example" },
    multipart: { file: { name: "x.txt", mimeType: "text/plain", buffer: Buffer.from("x") } },
  });
  expect(crossSite.status()).toBe(403);

  // A reader of the team sees the documents but no way to change them.
  const readerPage = await signedInPage(browser, people.reader.email, people.reader.password);
  const reader = new DocumentsPage(readerPage, slug);
  await reader.goto();
  await expect(reader.rows()).toHaveCount(5);
  await expect(reader.addLink()).toHaveCount(0);
  await expect(readerPage.getByTestId("document-select")).toHaveCount(0);
  await expect(readerPage.getByTestId("delete-selected")).toHaveCount(0);
  await reader.openDocument("policy-leave");
  await expect(readerPage.getByTestId("delete-document")).toHaveCount(0);
  await readerPage.goto(`${reader.base}/documents/new`);
  await expect(readerPage.getByTestId("add-documents-forbidden")).toBeVisible();
  await expect(readerPage.getByTestId("upload-input")).toHaveCount(0);
  const readerUpload = await readerPage.request.post(`${APP_URL}/knowledge-bases/${slug}/documents/upload`, {
    headers: { origin: APP_URL },
    multipart: { file: { name: "x.txt", mimeType: "text/plain", buffer: Buffer.from("x") } },
  });
  expect(readerUpload.status()).toBe(403);

  // A member of another team cannot tell the knowledge base exists.
  const outsiderPage = await signedInPage(browser, people.outsider.email, people.outsider.password);
  const outsider = new DocumentsPage(outsiderPage, slug);
  expect((await outsider.goto())?.status()).toBe(404);
  expect((await outsiderPage.goto(`${outsider.base}/documents/new`))?.status()).toBe(404);
  const outsiderUpload = await outsiderPage.request.post(`${APP_URL}/knowledge-bases/${slug}/documents/upload`, {
    headers: { origin: APP_URL },
    multipart: { file: { name: "x.txt", mimeType: "text/plain", buffer: Buffer.from("x") } },
  });
  expect(outsiderUpload.status()).toBe(404);
});

test("an editor pastes text, maps a CSV's columns, and finds the rows it rejected on the job page", async ({ browser }) => {
  test.setTimeout(120_000);
  const id = unique();
  const admin = new AdminPages(await signedInPage(browser, ADMIN.email, ADMIN.password));
  const team = await admin.createTeam(`Paste ${id}`);
  const slug = `paste-${id}`;
  await admin.createKnowledgeBase(`Paste ${id}`, slug, team);
  const editorAccount = { email: `paster-${id}@e2e.test`, password: `paster-password-${id}` };
  await admin.createUser(editorAccount.email, editorAccount.password);
  await admin.addMember(team, editorAccount.email, "editor");
  const page = await signedInPage(browser, editorAccount.email, editorAccount.password);
  const editor = new DocumentsPage(page, slug);

  // Pasted text: the id follows the title (a dotted version is not a file extension) until it is edited.
  await page.goto(`${editor.base}/documents/new`);
  await page.getByTestId("paste-title").fill("Leave policy v2.1");
  await expect(page.getByTestId("paste-id")).toHaveValue("leave-policy-v2-1");
  await page.getByTestId("paste-content").fill("Employees accrue twenty-five days of annual leave per year.");
  await page.getByTestId("paste-submit").click();
  await expect(page).toHaveURL(new RegExp(`${editor.base}/jobs/[0-9a-f-]{36}$`));
  await editor.waitForJobSuccess();
  await expect(editor.jobSummary()).toHaveText("added 1");

  // A CSV with its own column names, beside a file type that cannot be read (which must be removed first).
  const dir = mkdtempSync(path.join(tmpdir(), "enclave-documents-"));
  const csv = path.join(dir, "faq.csv");
  const sheet = path.join(dir, "budget.xlsx");
  writeFileSync(csv, 'doc_id,heading,body\nfaq-1,Parking,"Staff park on level 2."\nfaq-2,Canteen,\nfaq-3,Badges,"Lost badges are replaced at reception."\n');
  writeFileSync(sheet, "PK\u0003\u0004");
  await editor.chooseFiles([csv, sheet]);
  await expect(editor.fileCard("budget.xlsx").getByTestId("upload-file-problem")).toContainText("Export the sheet as CSV");
  await page.getByTestId("upload-submit").click();
  await expect(page.getByTestId("upload-problem")).toHaveText("Remove the files marked in red, then upload.");
  await editor.fileCard("budget.xlsx").getByTestId("upload-file-remove").click();
  const card = editor.fileCard("faq.csv");
  await expect(card.getByTestId("mapping-id")).toHaveValue("");
  await card.getByTestId("mapping-id").selectOption("doc_id");
  await card.getByTestId("mapping-title").selectOption("heading");
  await card.getByTestId("mapping-content").selectOption("body");
  await editor.submitUpload();
  await editor.waitForJobSuccess();
  await expect(editor.jobSummary()).toHaveText("added 2");
  const rejected = page.getByTestId("job-rejected-section").getByTestId("rejected-row");
  await expect(rejected).toHaveCount(1);
  await expect(rejected).toContainText('faq.csv, row 2, line 3, id "faq-2": "body" is empty');

  await editor.goto();
  await expect(editor.rows()).toHaveCount(3);
  await expect(editor.row("faq-1").getByTestId("document-link")).toHaveText("Parking");
});
