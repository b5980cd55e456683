import { expect, type Page } from "@playwright/test";

export class LoginPage {
  constructor(private readonly page: Page) {}

  async goto() {
    await this.page.goto("/login");
  }

  async signIn(email: string, password: string) {
    // React resets the form when a submission settles: never type into one that is still pending.
    await expect(this.page.getByTestId("login-submit")).toBeEnabled();
    await this.page.getByTestId("login-email").fill(email);
    await this.page.getByTestId("login-password").fill(password);
    await this.page.getByTestId("login-submit").click();
  }

  async expectError(text: RegExp) {
    await expect(this.page.getByTestId("login-submit")).toBeEnabled();
    await expect(this.page.getByTestId("login-error")).toHaveText(text);
  }
}
