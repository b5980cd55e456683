import { expect, type Locator, type Page } from "@playwright/test";

export class ApiKeysPage {
  constructor(private readonly page: Page) {}

  async goto(knowledgeBaseId: string) {
    await this.page.goto(`/admin/knowledge-bases/${knowledgeBaseId}/keys`);
  }

  /** Creates a key and returns its secret, read from the one place it is ever shown. */
  async createKey(name: string, scope: "read" | "write"): Promise<string> {
    await this.page.getByTestId("api-key-name").fill(name);
    await this.page.getByTestId("api-key-scope").selectOption(scope);
    await this.page.getByTestId("api-key-create").click();
    await expect(this.revealed()).toBeVisible();
    return (await this.revealed().getByTestId("reveal-value").textContent())!.trim();
  }

  /** The new key's secret, shown once under the create form. */
  revealed(): Locator {
    return this.page.getByTestId("api-key-create-form").getByTestId("reveal-once");
  }

  row(name: string): Locator {
    return this.page.getByTestId("api-key-row").filter({ has: this.page.getByTestId("api-key-row-name").getByText(name, { exact: true }) });
  }

  /** Revokes a key, accepting the confirmation the browser asks for. */
  async revoke(name: string) {
    const row = this.row(name);
    this.page.once("dialog", (dialog) => dialog.accept());
    await row.getByTestId("api-key-revoke").click();
    await expect(row.getByTestId("api-key-row-status")).toHaveText(/^Revoked/);
  }
}
