import { expect, type Locator, type Page } from "@playwright/test";

/** The evaluation pages of one knowledge base: sets, importing, running, and a run's results and comparison. */
export class EvaluationPage {
  constructor(
    private readonly page: Page,
    private readonly slug: string,
  ) {}

  get base(): string {
    return `/knowledge-bases/${this.slug}/evaluation`;
  }

  async goto() {
    await this.page.goto(this.base);
  }

  /** Imports files as a new set and returns the import report. */
  async importNewSet(name: string, files: string[]): Promise<Locator> {
    await this.page.getByTestId("import-name").fill(name);
    await this.page.getByTestId("import-files").setInputFiles(files);
    await this.page.getByTestId("import-submit").click();
    const report = this.page.getByTestId("import-report");
    await expect(report).toBeVisible();
    return report;
  }

  async openImportedSet() {
    await this.page.getByTestId("import-open-set").click();
    await expect(this.page).toHaveURL(new RegExp(`${this.base}/sets/[0-9a-f-]{36}$`));
  }

  questionRows(): Locator {
    return this.page.getByTestId("question-row");
  }

  /** Starts a run from the set page (blank fields keep the base's settings) and waits for its page. */
  async run(variant: { topK?: number; withAnswers?: boolean } = {}) {
    if (variant.topK !== undefined) await this.page.getByTestId("run-top-k").fill(String(variant.topK));
    if (variant.withAnswers === false) await this.page.getByTestId("run-with-answers").uncheck();
    await this.page.getByTestId("run-submit").click();
    await expect(this.page).toHaveURL(new RegExp(`${this.base}/runs/[0-9a-f-]{36}$`));
  }

  /** Waits until the run on this page has finished and its results are shown. */
  async waitForResults() {
    await expect(this.page.getByTestId("run-metrics")).toBeVisible({ timeout: 90_000 });
  }

  metric(key: string): Locator {
    return this.page.locator(`[data-testid="run-metric"][data-metric="${key}"]`).getByTestId("run-metric-value");
  }

  resultRows(): Locator {
    return this.page.getByTestId("result-row");
  }

  resultRow(ordinal: number): Locator {
    return this.page.locator(`[data-testid="result-row"][data-ordinal="${ordinal}"]`);
  }

  async backToSet() {
    await this.page.getByTestId("run-set-link").click();
    await expect(this.page).toHaveURL(new RegExp(`${this.base}/sets/[0-9a-f-]{36}$`));
  }
}
