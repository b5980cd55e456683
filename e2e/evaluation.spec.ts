import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { ADMIN, APP_URL } from "./environment";
import { AdminPages } from "./pages/admin";
import { DocumentsPage } from "./pages/documents-page";
import { EvaluationPage } from "./pages/evaluation-page";
import { LoginPage } from "./pages/login-page";
import { signedInPage, unique } from "./sessions";

// The "tried as a new user would": an editor imports a small set (CSV), runs it, changes top-k, runs again, and
// sees the comparison with the question that got worse. A reader of the team gets no evaluation tools.

const DOCUMENTS = [
  { id: "leave", title: "Annual leave", content: "Employees accrue twenty-five days of annual leave per calendar year. Unused leave expires at the end of March." },
  { id: "expenses", title: "Expense claims", content: "Expense claims must be filed within thirty days with receipts attached. Claims above 500 euros need a manager's approval." },
  { id: "parking", title: "Parking", content: "Parking permits are issued by the facilities desk on the ground floor and renewed every January." },
  { id: "security", title: "Security badges", content: "Lost security badges must be reported to reception immediately; a replacement badge costs 20 euros." },
];

const QUESTIONS = [
  "question,expected_ids,key_phrases,unanswerable",
  "How many days of annual leave do employees get?,leave,twenty-five days,no",
  // Its key phrase is in neither first sentence the fake model answers with, so only retrieval moves between the runs.
  '"What does a lost badge cost, and what do claims above 500 euros need?",security=2|expenses,manager\'s approval,no',
  "Who issues parking permits?,parking|parking-2019,facilities desk,no",
  "What is on the canteen menu on Fridays?,,,yes",
].join("\n");

test("an editor imports a set, runs it, changes top-k, runs again and sees what got worse", async ({ browser }) => {
  test.setTimeout(300_000);
  const id = unique();
  // The first sign-in of a fresh server (cold routes, argon2, an embedded database) may take longer than the usual 5 s.
  const adminPage = await (await browser.newContext()).newPage();
  await adminPage.goto("/login");
  await new LoginPage(adminPage).signIn(ADMIN.email, ADMIN.password);
  await expect(adminPage).toHaveURL(/\/chat$/, { timeout: 30_000 });
  const admin = new AdminPages(adminPage);
  const team = await admin.createTeam(`Evaluation ${id}`);
  const slug = `evaluation-${id}`;
  await admin.createKnowledgeBase(`Policies ${id}`, slug, team);
  const editor = { email: `eval-editor-${id}@e2e.test`, password: `eval-editor-password-${id}` };
  const reader = { email: `eval-reader-${id}@e2e.test`, password: `eval-reader-password-${id}` };
  await admin.createUser(editor.email, editor.password);
  await admin.createUser(reader.email, reader.password);
  await admin.addMember(team, editor.email, "editor");
  await admin.addMember(team, reader.email, "reader");

  const dir = mkdtempSync(path.join(tmpdir(), "enclave-evaluation-"));
  const corpus = path.join(dir, "policies.jsonl");
  const csv = path.join(dir, "questions.csv");
  writeFileSync(corpus, DOCUMENTS.map((doc) => JSON.stringify(doc)).join("\n"));
  writeFileSync(csv, QUESTIONS);

  const editorPage = await signedInPage(browser, editor.email, editor.password);
  const documents = new DocumentsPage(editorPage, slug);
  await documents.chooseFiles([corpus]);
  await documents.submitUpload();
  await documents.waitForJobSuccess();

  // Import: every question comes in; the id that is not a document is reported, and the question kept.
  const evaluation = new EvaluationPage(editorPage, slug);
  await evaluation.goto();
  await expect(editorPage.getByTestId("sets-empty")).toBeVisible();
  const report = await evaluation.importNewSet("Policy questions", [csv]);
  await expect(report.getByTestId("import-summary")).toContainText("Imported CSV: 4 added, 0 updated, 0 unchanged.");
  await expect(report.getByTestId("import-warnings-row")).toHaveText(['row 3 (line 4) (“Who issues parking permits?”): expected id not in the knowledge base: "parking-2019"']);
  await evaluation.openImportedSet();
  await expect(evaluation.questionRows()).toHaveCount(4);

  // First run: the base's own settings (top-k 6), with answers from the (fake) model.
  await evaluation.run();
  await evaluation.waitForResults();
  await expect(evaluation.resultRows()).toHaveCount(4);
  await expect(evaluation.metric("refusalRate")).toHaveText("1.000");
  await expect(evaluation.resultRow(2).getByTestId("result-metrics")).toContainText("· 1.000 ·");
  await expect(evaluation.resultRow(4).getByTestId("result-retrieved")).toContainText("refused without a model call");
  await expect(evaluation.resultRow(1).getByTestId("result-answer")).toContainText("twenty-five days");
  await expect(editorPage.getByTestId("run-setting-top-k")).toHaveText("6");

  // Second run with top-k 1: the question with two expected documents loses one.
  await evaluation.backToSet();
  await evaluation.run({ topK: 1 });
  await evaluation.waitForResults();
  await expect(editorPage.getByTestId("run-setting-top-k")).toHaveText("1");
  await expect(editorPage.getByTestId("compare-summary")).toContainText("(current settings)");
  await expect(editorPage.getByTestId("compare-worse")).toHaveText("1");
  await expect(evaluation.resultRow(2)).toHaveAttribute("data-change", "worse");
  await expect(evaluation.resultRow(2).getByTestId("result-change")).toContainText("Recall@k 1.00 → 0.50");
  await expect(evaluation.resultRow(1)).toHaveAttribute("data-change", "same");
  await expect(editorPage.locator('[data-testid="run-metric"][data-metric="recall@k"]').getByTestId("run-metric-delta")).toContainText("−0.167");
  await editorPage.getByTestId("results-show-worse").click();
  await expect(evaluation.resultRows()).toHaveCount(1);
  await expect(evaluation.resultRow(2)).toBeVisible();

  // The set page lists both runs and draws their history.
  await evaluation.backToSet();
  await expect(editorPage.getByTestId("run-row")).toHaveCount(2);
  await expect(editorPage.getByTestId("run-variant")).toHaveText(["top-k 1", "current settings"]);
  await expect(editorPage.getByTestId("metric-history").locator("circle")).toHaveCount(6);

  // A reader of the team sees no evaluation tools, and cannot import through the route either.
  const readerPage = await signedInPage(browser, reader.email, reader.password);
  await readerPage.goto(evaluation.base);
  await expect(readerPage.getByTestId("evaluation-forbidden")).toBeVisible();
  await expect(readerPage.getByTestId("import-form")).toHaveCount(0);
  const readerImport = await readerPage.request.post(`${APP_URL}${evaluation.base}/import`, {
    headers: { origin: APP_URL },
    multipart: { name: "sneaky", file: { name: "q.csv", mimeType: "text/csv", buffer: Buffer.from(QUESTIONS) } },
  });
  expect(readerImport.status()).toBe(403);
});
