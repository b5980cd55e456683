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
