import { randomUUID } from "node:crypto";
import { expect, type APIRequestContext, type Locator, type Page } from "@playwright/test";
import { APP_URL, FAKE_MODEL_URL } from "../environment";
import { AdminPages } from "./admin";
import { ApiKeysPage } from "./api-keys-page";

/** The chat pages: the new-chat screen, a chat, the composer, answers with their citations, and the history sidebar. */
export class ChatPage {
  constructor(readonly page: Page) {}

  async goto(chatId?: string) {
    return this.page.goto(chatId ? `/chat/${chatId}` : "/chat");
  }

  /** The chat id in the address bar (a new chat gets one once its first answer starts). */
  chatId(): string {
    const match = /\/chat\/([0-9a-f-]{36})$/.exec(this.page.url());
    if (!match) throw new Error(`not on a chat: ${this.page.url()}`);
    return match[1]!;
  }

  async chooseKnowledgeBase(slug: string) {
    await this.page.locator(`[data-testid="kb-option"][data-slug="${slug}"]`).getByTestId("kb-radio").check();
  }

  input(): Locator {
    return this.page.getByTestId("composer-input");
  }

  stopButton(): Locator {
    return this.page.getByTestId("composer-stop");
  }

  /** Types a question and sends it with Enter. */
  async ask(question: string) {
    await expect(this.input()).toBeEnabled();
    await this.input().fill(question);
    await this.input().press("Enter");
  }

  answers(): Locator {
    return this.page.getByTestId("assistant-message");
  }

  lastAnswer(): Locator {
    return this.answers().last();
  }

  /** Waits until the newest answer has finished with this status. */
  async waitForAnswer(status: "complete" | "refused" | "stopped" | "incomplete" | "failed" = "complete", timeout = 20_000) {
    await expect(this.lastAnswer()).toHaveAttribute("data-status", status, { timeout });
    await expect(this.stopButton()).toBeHidden();
  }

  answerText(answer: Locator = this.lastAnswer()): Locator {
    return answer.getByTestId("answer-text");
  }

  chip(n: number, answer: Locator = this.lastAnswer()): Locator {
    return answer.locator(`[data-testid="citation-chip"][data-number="${n}"]`);
  }

  sources(answer: Locator = this.lastAnswer()): Locator {
    return answer.getByTestId("source-item");
  }

  badge(kind: "stopped" | "incomplete" | "retrieval-only" | "lexical-only" | "refused" | "hosted", answer: Locator = this.lastAnswer()): Locator {
    return answer.getByTestId(`badge-${kind}`);
  }

  sourcePanel(): Locator {
    return this.page.getByTestId("source-panel");
  }

  highlight(): Locator {
    return this.sourcePanel().getByTestId("source-highlight");
  }

  async closeSourcePanel() {
    await this.sourcePanel().getByTestId("source-panel-close").click();
    await expect(this.sourcePanel()).toBeHidden();
  }

  modelBanner(): Locator {
    return this.page.getByTestId("model-offline-banner");
  }

  readOnlyNotice(): Locator {
    return this.page.getByTestId("read-only-notice");
  }

  sidebar(): Locator {
    return this.page.getByTestId("history-sidebar").first();
  }

  historyItems(): Locator {
    return this.sidebar().getByTestId("history-item");
  }

  historyItem(chatId: string): Locator {
    return this.sidebar().locator(`[data-testid="history-item"][data-chat-id="${chatId}"]`);
  }

  async renameChat(chatId: string, title: string) {
    const item = this.historyItem(chatId);
    await item.hover();
    await item.getByTestId("history-rename").click();
    await item.getByTestId("history-rename-input").fill(title);
    await item.getByTestId("history-rename-input").press("Enter");
    await expect(item.getByTestId("history-title")).toHaveText(title);
  }

  /** Deletes a chat from the sidebar, accepting the confirmation the browser asks for. */
  async deleteChat(chatId: string) {
    const item = this.historyItem(chatId);
    this.page.once("dialog", (dialog) => dialog.accept());
    await item.hover();
    await item.getByTestId("history-delete").click();
    await expect(item).toHaveCount(0);
  }

  async searchHistory(text: string) {
    await this.sidebar().getByTestId("history-search").fill(text);
  }

  themeToggle(): Locator {
    return this.page.getByTestId("theme-toggle");
  }
}

/** The fake model server's switches (scripts/fake-model/control.ts). */
export const fakeModel = {
  async fail(request: APIRequestContext, failure: Record<string, unknown>) {
    expect((await request.post(`${FAKE_MODEL_URL}/__fake/failure`, { data: failure })).ok()).toBe(true);
  },
  async tokenDelay(request: APIRequestContext, ms: number) {
    expect((await request.post(`${FAKE_MODEL_URL}/__fake/token-delay`, { data: { ms } })).ok()).toBe(true);
  },
  async clearRequests(request: APIRequestContext) {
    await request.delete(`${FAKE_MODEL_URL}/__fake/requests`);
  },
  async chatRequests(request: APIRequestContext): Promise<{ path: string; aborted: boolean; rawBody: string; headers: Record<string, string | undefined> }[]> {
    const log = (await (await request.get(`${FAKE_MODEL_URL}/__fake/requests`)).json()) as { path: string; aborted: boolean; rawBody: string; headers: Record<string, string | undefined> }[];
    return log.filter((entry) => entry.path.endsWith("/chat/completions"));
  },
  /** Back to normal: no failure, no delay, and up (after a refuse-connections spell). */
  async reset(request: APIRequestContext) {
    await expect(async () => {
      expect((await request.get(`${FAKE_MODEL_URL}/api/version`)).ok()).toBe(true);
    }).toPass({ timeout: 15_000 });
    await fakeModel.fail(request, { kind: "none" });
    await fakeModel.tokenDelay(request, 0);
  },
};

export interface SeedDocument {
  sourceId: string;
  title: string;
  content: string;
  metadata?: Record<string, unknown>;
}

/**
 * Through the admin UI: a team, a knowledge base of it and a write key; then the documents, put synchronously through
 * the REST API with that key. The admin page is left on the knowledge base's keys page.
 */
export async function seedKnowledgeBase(adminPage: Page, names: { team: string; name: string; slug: string }, documents: SeedDocument[]) {
  const admin = new AdminPages(adminPage);
  const teamId = await admin.createTeam(names.team);
  const knowledgeBaseId = await admin.createKnowledgeBase(names.name, names.slug, teamId);
  await adminPage.getByTestId("kb-keys-link").click();
  const key = await new ApiKeysPage(adminPage).createKey("Chat e2e", "write");
  for (const document of documents) {
    const response = await adminPage.request.put(`/api/v1/knowledge-bases/${names.slug}/documents/${encodeURIComponent(document.sourceId)}`, {
      headers: { authorization: `Bearer ${key}` },
      data: { title: document.title, content: document.content, metadata: document.metadata ?? {} },
    });
    expect(response.status(), await response.text()).toBe(201);
  }
  return { teamId, knowledgeBaseId, slug: names.slug, name: names.name };
}

/**
 * One answer before a spec's chat tests. The app's first answer loads the Gemma tokenizer, which holds the server's
 * event loop for seconds: long enough for the model server to drop an idle keep-alive connection that the answer then
 * reuses ("other side closed", a retrieval-only answer). Reported to the chat route's owner; until then, warm up with
 * a question the base answers (a refusal never reaches the tokenizer).
 */
export async function warmUpAnswers(page: Page, knowledgeBaseId: string, question: string) {
  const response = await page.request.post("/api/chat", {
    headers: { origin: APP_URL },
    data: { id: randomUUID(), knowledgeBaseId, message: { role: "user", parts: [{ type: "text", text: question }] } },
    timeout: 60_000,
  });
  expect(response.ok()).toBe(true);
  await response.body();
}
