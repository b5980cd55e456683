import { expect, type Page } from "@playwright/test";

/** The administration pages, driven through their forms. */
export class AdminPages {
  constructor(private readonly page: Page) {}

  /** Creates a team and returns its id (from the team page's URL). */
  async createTeam(name: string): Promise<string> {
    await this.page.goto("/admin/teams");
    await this.page.getByTestId("new-team-name").fill(name);
    await this.page.getByTestId("create-team-submit").click();
    await expect(this.page.getByTestId("form-success")).toHaveText(`Created ${name}.`);
    await this.page.getByTestId("team-link").filter({ hasText: name }).click();
    await expect(this.page).toHaveURL(/\/admin\/teams\/[0-9a-f-]{36}$/);
    return this.page.url().split("/").pop()!;
  }

  async createUser(email: string, password: string) {
    await this.page.goto("/admin/users");
    await this.page.getByTestId("new-user-email").fill(email);
    await this.page.getByTestId("new-user-password").fill(password);
    await this.page.getByTestId("create-user-submit").click();
    await expect(this.page.getByTestId("create-user-form").getByTestId("form-success")).toHaveText(`Created ${email}.`);
  }

  async addMember(teamId: string, email: string, role: "reader" | "editor") {
    await this.page.goto(`/admin/teams/${teamId}`);
    await this.page.getByTestId("member-email").fill(email);
    await this.page.getByTestId("member-role").selectOption(role);
    await this.page.getByTestId("add-member-submit").click();
    await expect(this.page.locator(`[data-testid="member-row"][data-email="${email}"]`)).toContainText(role);
  }

  /** On a knowledge base's page: switches its chat model to a hosted endpoint with this key, confirming it. */
  async switchToHosted(knowledgeBaseId: string, settings: { chatBaseUrl: string; apiKey: string; piiPatterns?: string }) {
    await this.page.goto(`/admin/knowledge-bases/${knowledgeBaseId}`);
    const form = this.page.getByTestId("kb-settings-form");
    await form.locator(`input[name="chatBaseUrl"]`).fill(settings.chatBaseUrl);
    await form.getByTestId("kb-model-location").selectOption("hosted");
    await form.getByTestId("kb-chat-api-key").fill(settings.apiKey);
    await form.getByTestId("kb-hosted-confirm").check();
    if (settings.piiPatterns !== undefined) await form.getByTestId("kb-pii-patterns").fill(settings.piiPatterns);
    await form.getByTestId("kb-settings-submit").click();
    await expect(form.getByTestId("form-success")).toContainText("Saved.");
  }

  /** Creates a knowledge base for a team and returns its id. */
  async createKnowledgeBase(name: string, slug: string, teamId: string): Promise<string> {
    await this.page.goto(`/admin/knowledge-bases/new?team=${teamId}`);
    await this.page.getByTestId("kb-name").fill(name);
    await this.page.getByTestId("kb-slug").fill(slug);
    await this.page.getByTestId("create-kb-submit").click();
    await expect(this.page).toHaveURL(/\/admin\/knowledge-bases\/[0-9a-f-]{36}$/);
    await expect(this.page.getByTestId("kb-namespace")).toHaveText(slug);
    return this.page.url().split("/").pop()!;
  }
}
