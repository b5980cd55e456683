import { expect, test, type Browser, type Page } from "@playwright/test";
import { ADMIN } from "./environment";
import { AdminPages } from "./pages/admin";
import { ChatPage, fakeModel, seedKnowledgeBase, warmUpAnswers, type SeedDocument } from "./pages/chat-page";
import { signedInPage, unique } from "./sessions";

// The chat as staff use it, against the real app and the fake model server (which answers with the first sentence of
// the passage sharing most words with the question, followed by its [n]). Two teams: Rita reads the HR base,
// Otto belongs to another team and must never reach Rita's chats.

const LEAVE = "Employees accrue twenty-five days of annual leave per calendar year. Unused leave expires at the end of March.";
const DOCUMENTS: SeedDocument[] = [
  { sourceId: "policies/leave", title: "Annual leave", content: `# Leave\n\n${LEAVE}`, metadata: { owner: "HR", reviewed: "2026-01" } },
  { sourceId: "policies/expenses", title: "Expense claims", content: "Expense claims must be filed within thirty days with receipts attached. Claims above 500 euros need approval." },
  { sourceId: "it/vpn", title: "Remote access", content: "The VPN client must be updated before connecting from a home network." },
  {
    sourceId: "it/widgets",
    title: "Widget renderer",
    content: 'The widget renderer escapes <script>window.__pwned = 1</script> tags and <img src=x onerror="window.__pwned = 2"> images before display.',
  },
];

interface Person {
  email: string;
  password: string;
}

let world: { kb: { slug: string; name: string; teamId: string; knowledgeBaseId: string }; rita: Person; rachel: Person; otto: Person };

test.beforeAll(async ({ browser }) => {
  test.setTimeout(120_000);
  const id = unique();
  const adminPage = await signedInPage(browser, ADMIN.email, ADMIN.password);
  const admin = new AdminPages(adminPage);
  const kb = await seedKnowledgeBase(adminPage, { team: `People ${id}`, name: `HR handbook ${id}`, slug: `hr-chat-${id}` }, DOCUMENTS);
  const otherTeam = await admin.createTeam(`Elsewhere ${id}`);
  await admin.createKnowledgeBase(`Elsewhere ${id}`, `elsewhere-${id}`, otherTeam);
  const person = (name: string): Person => ({ email: `${name}-chat-${id}@e2e.test`, password: `${name}-password-${id}` });
  world = { kb, rita: person("rita"), rachel: person("rachel"), otto: person("otto") };
  for (const who of [world.rita, world.rachel, world.otto]) await admin.createUser(who.email, who.password);
  await admin.addMember(kb.teamId, world.rita.email, "reader");
  await admin.addMember(kb.teamId, world.rachel.email, "reader");
  await admin.addMember(otherTeam, world.otto.email, "editor");
  await warmUpAnswers(adminPage, kb.knowledgeBaseId, "How many days of annual leave do employees accrue?");
  await adminPage.context().close();
});


const opened: Page[] = [];

/** A signed-in page in its own browser context, closed after the test. */
async function pageAs(browser: Browser, who: Person): Promise<Page> {
  const page = await signedInPage(browser, who.email, who.password);
  opened.push(page);
  return page;
}

test.afterEach(async ({ request }) => {
  await Promise.all(opened.splice(0).map((page) => page.context().close()));
  await fakeModel.reset(request);
});

async function chatAs(browser: Browser, who: Person): Promise<ChatPage> {
  const chat = new ChatPage(await pageAs(browser, who));
  await chat.chooseKnowledgeBase(world.kb.slug);
  return chat;
}

/** Text lengths seen while the answer is still streaming. */
async function lengthsWhileStreaming(chat: ChatPage): Promise<number[]> {
  const lengths: number[] = [];
  await expect(chat.lastAnswer()).toHaveAttribute("data-status", "streaming");
  while ((await chat.lastAnswer().getAttribute("data-status")) === "streaming") {
    const text = (await chat.answerText().textContent({ timeout: 1_000 }).catch(() => "")) ?? "";
    if (text.length && text.length !== lengths.at(-1)) lengths.push(text.length);
  }
  return lengths;
}

test("an answer streams in; its [n] chip previews the passage and opens the document at the cited range", async ({ browser, request }) => {
  test.setTimeout(60_000);
  await fakeModel.tokenDelay(request, 60);
  const chat = await chatAs(browser, world.rita);
  await chat.ask("How many days of annual leave do employees accrue?");
  const lengths = await lengthsWhileStreaming(chat);
  expect(lengths.length, `text lengths while streaming: ${lengths.join(", ")}`).toBeGreaterThan(1);
  await chat.waitForAnswer("complete");
  await expect(chat.page).toHaveURL(/\/chat\/[0-9a-f-]{36}$/);
  await expect(chat.answerText()).toContainText("twenty-five days of annual leave");

  const chip = chat.chip(1);
  await chip.hover();
  const tooltip = chat.lastAnswer().getByTestId("citation-tooltip").first();
  await expect(tooltip).toBeVisible();
  await expect(tooltip.getByTestId("citation-tooltip-title")).toHaveText("Annual leave");
  await expect(tooltip).toContainText("twenty-five days");

  await chip.click();
  await expect(chat.sourcePanel()).toBeVisible();
  await expect(chat.sourcePanel().getByTestId("source-panel-title")).toHaveText("Annual leave");
  await expect(chat.sourcePanel().getByTestId("source-panel-source-id")).toHaveText("policies/leave");
  await expect(chat.sourcePanel().getByTestId("source-panel-metadata")).toContainText("HR");
  await expect(chat.sourcePanel().getByTestId("source-panel-updated")).toBeVisible();
  const [start, end] = [Number(await chip.getAttribute("data-start")), Number(await chip.getAttribute("data-end"))];
  await expect(chat.highlight()).toHaveAttribute("data-start", String(start));
  await expect(chat.highlight()).toHaveAttribute("data-end", String(end));
  const content = DOCUMENTS[0]!.content;
  await expect(chat.highlight()).toHaveText(content.slice(start, end));
  await expect(chat.highlight()).toContainText("twenty-five days");
  await expect(chat.highlight()).toBeInViewport();
  await chat.closeSourcePanel();

  // Every passage of the prompt is listed, with relevance and whether it was cited; the details name the model.
  await expect(chat.sources().first()).toHaveAttribute("data-cited", "true");
  await expect(chat.sources().first().getByTestId("source-item-relevance")).toHaveText(/relevance \d+%/);
  await chat.lastAnswer().getByTestId("answer-details").locator("summary").click();
  await expect(chat.lastAnswer().getByTestId("detail-model")).toHaveText("gemma3:1b");
  await expect(chat.lastAnswer().getByTestId("detail-endpoint")).toContainText("Local");
  await expect(chat.lastAnswer().getByTestId("detail-retrieval")).toContainText("hybrid");
  await expect(chat.lastAnswer().getByTestId("detail-tokens")).toHaveText(/\d+ \/ \d+/);

  // Reopened later, the chat is in the history and its citations still open the passage.
  const chatId = chat.chatId();
  await chat.page.goto("/chat");
  await chat.historyItem(chatId).getByTestId("history-link").click();
  await expect(chat.page).toHaveURL(`/chat/${chatId}`);
  await chat.chip(1).click();
  await expect(chat.highlight()).toHaveText(content.slice(start, end));
});

test("keyboard: Shift+Enter breaks the line, Enter sends; a chip opens and closes from the keyboard; regenerate asks again", async ({ browser }) => {
  const chat = await chatAs(browser, world.rita);
  await chat.input().fill("When must");
  await chat.input().press("Shift+Enter");
  await chat.input().pressSequentially("expense claims be filed?");
  await expect(chat.input()).toHaveValue("When must\nexpense claims be filed?");
  await chat.input().press("Enter");
  await chat.waitForAnswer();
  await expect(chat.page.getByTestId("user-message")).toHaveText("When must\nexpense claims be filed?");

  const chip = chat.lastAnswer().getByTestId("citation-chip").first();
  await chip.focus();
  await expect(chat.lastAnswer().getByTestId("citation-tooltip").first()).toBeVisible();
  await chat.page.keyboard.press("Enter");
  await expect(chat.highlight()).toContainText("thirty days");
  await chat.page.keyboard.press("Escape");
  await expect(chat.sourcePanel()).toBeHidden();
  await expect(chip).toBeFocused();
  await chat.lastAnswer().getByTestId("regenerate").click();
  await expect(chat.answers()).toHaveCount(2);
  await chat.waitForAnswer();
  await expect(chat.answerText()).toContainText("thirty days");
  await expect(chat.answers().first().getByTestId("regenerate")).toHaveCount(0);
});

test("a question nothing answers is refused without calling the model, showing the nearest passages", async ({ browser, request }) => {
  const chat = await chatAs(browser, world.rita);
  await fakeModel.clearRequests(request);
  await chat.ask("Which planets have rings in the solar system?");
  await chat.waitForAnswer("refused");
  await expect(chat.lastAnswer().getByTestId("refusal-notice")).toHaveText(`No passage in ${world.kb.name} answers this. Nearest passages:`);
  await expect(chat.sources().first()).toBeVisible();
  expect(await chat.sources().count()).toBeGreaterThan(0);
  expect(await fakeModel.chatRequests(request)).toEqual([]);
});

test("Stop ends a long answer, which stays stopped when the chat is reopened", async ({ browser, request }) => {
  await fakeModel.tokenDelay(request, 30);
  const chat = await chatAs(browser, world.rita);
  await chat.ask("Give a long answer: how many days of annual leave do employees accrue?");
  await expect(chat.answerText()).toContainText("twenty-five days");
  await chat.stopButton().click();
  await expect(chat.lastAnswer()).toHaveAttribute("data-status", "stopped");
  await expect(chat.badge("stopped")).toBeVisible();
  await expect(chat.input()).toBeEnabled();
  const partial = (await chat.answerText().textContent()) ?? "";
  expect(partial).not.toContain("sentence 40 of a deliberately long answer");
  // The upstream model request was aborted too.
  await expect.poll(async () => (await fakeModel.chatRequests(request)).at(-1)?.aborted, { timeout: 10_000 }).toBe(true);

  await expect(chat.page).toHaveURL(/\/chat\/[0-9a-f-]{36}$/);
  await expect
    .poll(
      async () => {
        await chat.page.reload();
        return chat.lastAnswer().getAttribute("data-status", { timeout: 2_000 }).catch(() => null);
      },
      { timeout: 15_000 },
    )
    .toBe("stopped");
  await expect(chat.badge("stopped")).toBeVisible();
  await expect(chat.answerText()).toContainText("twenty-five days");
});

test("a model that dies mid-answer leaves the partial answer, marked incomplete", async ({ browser, request }) => {
  await fakeModel.fail(request, { kind: "midstream-error", afterChunks: 3 });
  const chat = await chatAs(browser, world.rita);
  await chat.ask("How many days of annual leave do employees accrue?");
  await chat.waitForAnswer("incomplete");
  await expect(chat.badge("incomplete")).toBeVisible();
  expect(((await chat.answerText().textContent()) ?? "").length).toBeGreaterThan(0);
  await chat.page.reload();
  await expect(chat.badge("incomplete")).toBeVisible();
});

test("the model-offline banner says what to run when the model server refuses connections", async ({ browser, request }) => {
  const chat = await chatAs(browser, world.rita);
  await fakeModel.fail(request, { kind: "refuse-connections", durationMs: 8_000 });
  await chat.page.reload();
  await expect(chat.modelBanner()).toBeVisible();
  await expect(chat.modelBanner()).toContainText("connection refused");
  await expect(chat.modelBanner()).toContainText("ollama serve");
});

test("history: chats are listed newest first, renamed, found by title and deleted for good", async ({ browser }) => {
  const chat = await chatAs(browser, world.rita);
  await chat.ask("When must expense claims be filed?");
  await chat.waitForAnswer();
  const first = chat.chatId();
  await chat.page.getByTestId("new-chat").click();
  await expect(chat.page).toHaveURL(/\/chat$/);
  await chat.ask("What must the VPN client be before connecting?");
  await chat.waitForAnswer();
  const second = chat.chatId();
  expect(second).not.toBe(first);
  await expect(chat.historyItems().first()).toHaveAttribute("data-chat-id", second);
  await expect(chat.historyItem(first).getByTestId("history-title")).toHaveText("When must expense claims be filed?");

  await chat.renameChat(first, "Expenses deadline");
  await chat.page.reload();
  await expect(chat.historyItem(first).getByTestId("history-title")).toHaveText("Expenses deadline");

  await chat.searchHistory("deadline");
  await expect(chat.historyItem(first)).toBeVisible();
  await expect(chat.historyItem(second)).toHaveCount(0);
  await chat.searchHistory("");
  await expect(chat.historyItem(second)).toBeVisible();

  await chat.deleteChat(second);
  await expect(chat.page).toHaveURL(/\/chat$/);
  await chat.page.reload();
  await expect(chat.historyItem(second)).toHaveCount(0);
  expect((await chat.page.goto(`/chat/${second}`))?.status()).toBe(404);
});

test("a member of another team cannot open someone's chat, nor see it listed", async ({ browser }) => {
  const rita = await chatAs(browser, world.rita);
  await rita.ask("When must expense claims be filed?");
  await rita.waitForAnswer();
  const chatId = rita.chatId();

  const otto = new ChatPage(await pageAs(browser, world.otto));
  await expect(otto.sidebar()).toBeVisible();
  await expect(otto.historyItem(chatId)).toHaveCount(0);
  const response = await otto.goto(chatId);
  expect(response?.status()).toBe(404);
  await expect(otto.page.locator("body")).not.toContainText("expense claims");
  // Nor may he ask the chat pages' routes about a base he cannot read.
  for (const path of [`/api/chat-bases/${world.kb.knowledgeBaseId}/examples`, `/api/chat-bases/${world.kb.knowledgeBaseId}/model-status`]) {
    expect((await otto.page.request.get(path)).status(), path).toBe(404);
  }
});

test("a chat becomes read-only when its owner is removed from the team", async ({ browser }) => {
  const rachel = await chatAs(browser, world.rachel);
  await rachel.ask("How many days of annual leave do employees accrue?");
  await rachel.waitForAnswer();
  const chatId = rachel.chatId();
  const later = new ChatPage(await pageAs(browser, world.rachel));
  await later.chooseKnowledgeBase(world.kb.slug);

  const adminPage = await pageAs(browser, ADMIN);
  await adminPage.goto(`/admin/teams/${world.kb.teamId}`);
  const row = adminPage.locator(`[data-testid="member-row"][data-email="${world.rachel.email}"]`);
  await row.getByRole("button", { name: "Remove" }).click();
  await expect(row).toHaveCount(0);

  // A new chat page opened before the removal: the route's refusal shows as a toast, and the question comes back.
  await later.ask("When must expense claims be filed?");
  await expect(later.page.getByTestId("toast")).toHaveText("Knowledge base not found.");
  await expect(later.input()).toHaveValue("When must expense claims be filed?");
  await expect(later.page.getByTestId("user-message")).toHaveCount(0);

  await rachel.goto(chatId);
  await expect(rachel.readOnlyNotice()).toContainText("You can no longer read its knowledge base.");
  await expect(rachel.input()).toBeDisabled();
  await expect(rachel.lastAnswer().getByTestId("regenerate")).toHaveCount(0);
  // The answer and its stored passages stay readable; the document itself no longer is.
  await rachel.chip(1).click();
  await expect(rachel.sourcePanel().getByTestId("source-panel-notice")).toContainText("can no longer read it");
  await expect(rachel.sourcePanel().getByTestId("source-stored-passage")).toContainText("twenty-five days");
});

test("markup in documents and answers stays inert text", async ({ browser }) => {
  const chat = await chatAs(browser, world.rita);
  await chat.ask("What does the widget renderer escape?");
  await chat.waitForAnswer();
  await expect(chat.answerText()).toContainText("<script>window.__pwned = 1</script>");
  await chat.chip(1).click();
  await expect(chat.highlight()).toContainText('<img src=x onerror="window.__pwned = 2">');
  await expect(chat.page.locator("main img, [data-testid=messages] img, [data-testid=source-panel] img")).toHaveCount(0);
  expect(await chat.page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
});

test("the theme toggle is remembered, and applied before the first paint", async ({ browser }) => {
  const chat = new ChatPage(await pageAs(browser, world.rita));
  const html = chat.page.locator("html");
  while ((await chat.themeToggle().getAttribute("data-theme-choice")) !== "dark") await chat.themeToggle().click();
  await expect(html).toHaveClass(/\bdark\b/);
  await chat.page.reload({ waitUntil: "commit" });
  await chat.page.waitForFunction(() => document.body !== null);
  expect(await chat.page.evaluate(() => document.documentElement.classList.contains("dark"))).toBe(true);
  await expect(chat.themeToggle()).toHaveAttribute("data-theme-choice", "dark");
  while ((await chat.themeToggle().getAttribute("data-theme-choice")) !== "light") await chat.themeToggle().click();
  await chat.page.reload();
  await expect(html).toHaveClass(/\blight\b/);
});

test("on a phone-sized screen the history is a drawer", async ({ browser }) => {
  const chat = await chatAs(browser, world.rita);
  await chat.page.setViewportSize({ width: 375, height: 740 });
  await chat.ask("When must expense claims be filed?");
  await chat.waitForAnswer();
  const chatId = chat.chatId();
  await expect(chat.page.getByTestId("history-sidebar").first()).toBeHidden();
  await chat.page.getByTestId("history-open").click();
  const drawer = chat.page.getByTestId("history-drawer");
  await expect(drawer.locator(`[data-testid="history-item"][data-chat-id="${chatId}"]`)).toBeVisible();
  expect(await chat.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
});
