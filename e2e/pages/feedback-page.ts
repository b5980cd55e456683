import { expect, type Locator, type Page } from "@playwright/test";

/** The editors' feedback page of one knowledge base. */
export class FeedbackPage {
  constructor(
    private readonly page: Page,
    private readonly slug: string,
  ) {}

  get path(): string {
    return `/knowledge-bases/${this.slug}/feedback`;
  }

  async goto(filter?: "up" | "down") {
    return this.page.goto(filter ? `${this.path}?rating=${filter}` : this.path);
  }

  /** Opens the page from the knowledge base's navigation, as an editor finds it. */
  async openFromDocuments() {
    await this.page.goto(`/knowledge-bases/${this.slug}/documents`);
    await this.page.getByTestId("kb-nav-feedback").click();
    await expect(this.page).toHaveURL(new RegExp(`${this.path}$`));
  }

  items(): Locator {
    return this.page.getByTestId("feedback-item");
  }

  emptyState(): Locator {
    return this.page.getByTestId("feedback-empty");
  }
}
