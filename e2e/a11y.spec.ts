import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { ADMIN } from "./environment";
import { ChatPage, seedKnowledgeBase, warmUpAnswers } from "./pages/chat-page";
import { LoginPage } from "./pages/login-page";
import { signedInPage, unique } from "./sessions";

// An automated accessibility check (axe-core, WCAG 2.x A and AA rules) of the login page, the chat with an answer and
// its source panel, and an administration page, in the light and the dark theme: no serious or critical violation.

async function seriousViolations(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  return results.violations
    .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
    .map((violation) => ({ id: violation.id, impact: violation.impact, help: violation.help, targets: violation.nodes.slice(0, 5).map((node) => node.target.join(" ")) }));
}

async function setTheme(page: Page, theme: "light" | "dark") {
  await page.evaluate((choice) => localStorage.setItem("enclave-theme", choice), theme);
  await page.reload();
  await expect(page.locator("html")).toHaveClass(new RegExp(`\\b${theme}\\b`));
}

test("the login page", async ({ page }) => {
  await new LoginPage(page).goto();
  for (const theme of ["light", "dark"] as const) {
    await setTheme(page, theme);
    expect(await seriousViolations(page), theme).toEqual([]);
  }
});

test("the chat with an answer, and its source panel", async ({ browser }) => {
  test.setTimeout(90_000);
  const id = unique();
  const adminPage = await signedInPage(browser, ADMIN.email, ADMIN.password);
  const kb = await seedKnowledgeBase(adminPage, { team: `A11y ${id}`, name: `A11y handbook ${id}`, slug: `a11y-${id}` }, [
    { sourceId: "leave", title: "Annual leave", content: "Employees accrue twenty-five days of annual leave per calendar year. Unused leave expires at the end of March." },
  ]);
  await warmUpAnswers(adminPage, kb.knowledgeBaseId, "How many days of annual leave do employees accrue?");
  const chat = new ChatPage(adminPage);
  await chat.goto();
  await chat.chooseKnowledgeBase(kb.slug);
  expect(await seriousViolations(adminPage), "new chat").toEqual([]);
  await chat.ask("How many days of annual leave do employees accrue?");
  await chat.waitForAnswer();
  for (const theme of ["light", "dark"] as const) {
    await setTheme(adminPage, theme);
    await chat.lastAnswer().getByTestId("answer-details").locator("summary").click();
    expect(await seriousViolations(adminPage), `chat, ${theme}`).toEqual([]);
    await chat.chip(1).click();
    await expect(chat.highlight()).toBeVisible();
    expect(await seriousViolations(adminPage), `source panel, ${theme}`).toEqual([]);
    await chat.closeSourcePanel();
  }
});

test("an administration page", async ({ browser }) => {
  const page = await signedInPage(browser, ADMIN.email, ADMIN.password);
  await page.goto("/admin/users");
  for (const theme of ["light", "dark"] as const) {
    await setTheme(page, theme);
    expect(await seriousViolations(page), theme).toEqual([]);
  }
});
