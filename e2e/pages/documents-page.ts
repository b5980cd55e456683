import { expect, type Locator, type Page } from "@playwright/test";

/** The editor-facing pages of one knowledge base: its documents, adding documents, a document, and a job. */
export class DocumentsPage {
  constructor(
    private readonly page: Page,
    private readonly slug: string,
  ) {}

  get base(): string {
    return `/knowledge-bases/${this.slug}`;
  }

  async goto(query = "") {
    return this.page.goto(`${this.base}/documents${query}`);
  }

  addLink(): Locator {
    return this.page.getByTestId("add-documents-link");
  }

  emptyState(): Locator {
    return this.page.getByTestId("documents-empty");
  }

  rows(): Locator {
    return this.page.getByTestId("document-row");
  }

  row(sourceId: string): Locator {
    return this.page.locator(`[data-testid="document-row"][data-source-id="${sourceId}"]`);
  }

  /** Chooses files on the add-documents page (as the file picker would) and waits until each is listed. */
  async chooseFiles(paths: string[]) {
    await this.page.goto(`${this.base}/documents/new`);
    await this.page.getByTestId("upload-input").setInputFiles(paths);
    await expect(this.page.getByTestId("upload-file")).toHaveCount(paths.length);
  }

  fileCard(name: string): Locator {
    return this.page.locator(`[data-testid="upload-file"][data-name="${name}"]`);
  }

  /** Sends the chosen files and waits for the job page the form goes to. */
  async submitUpload(): Promise<string> {
    await this.page.getByTestId("upload-submit").click();
    await expect(this.page).toHaveURL(new RegExp(`${this.base}/jobs/[0-9a-f-]{36}$`));
    return this.page.url().split("/").pop()!;
  }

  /** Waits for the job on this page to finish: the bar at 100% and the status succeeded. */
  async waitForJobSuccess() {
    await expect(this.page.getByTestId("job-progress")).toHaveAttribute("aria-valuenow", "100", { timeout: 60_000 });
    await expect(this.page.getByTestId("job-status")).toHaveText("succeeded");
  }

  jobCount(key: "added" | "replaced" | "unchanged" | "deleted" | "failed"): Locator {
    return this.page.getByTestId(`job-count-${key}`);
  }

  jobSummary(): Locator {
    return this.page.getByTestId("job-summary");
  }

  async openDocument(sourceId: string) {
    await this.row(sourceId).getByTestId("document-link").click();
    await expect(this.page).toHaveURL(new RegExp(`${this.base}/documents/[0-9a-f-]{36}$`));
    await expect(this.page.getByTestId("document-source-id")).toHaveText(sourceId);
  }

  chunks(): Locator {
    return this.page.getByTestId("chunk-item");
  }

  /** Selects a chunk by its ordinal (0-based; the page shows it 1-based) and returns the mark over its text. */
  async highlightChunk(ordinal: number): Promise<Locator> {
    await this.page.locator(`[data-testid="chunk-item"][data-ordinal="${ordinal}"]`).click();
    const mark = this.page.getByTestId("chunk-highlight");
    await expect(mark).toHaveAttribute("data-ordinal", String(ordinal));
    return mark;
  }

  /** Selects the documents with these ids on the list and deletes them, accepting the confirmation. */
  async deleteDocuments(sourceIds: string[]) {
    for (const sourceId of sourceIds) await this.row(sourceId).getByTestId("document-select").check();
    this.page.once("dialog", (dialog) => dialog.accept());
    await this.page.getByTestId("delete-selected").click();
    await expect(this.page.getByTestId("delete-documents-form").getByTestId("form-success")).toContainText("Deleted");
  }
}
