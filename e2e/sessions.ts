import type { Browser, Page } from "@playwright/test";
import { expect } from "@playwright/test";
import { LoginPage } from "./pages/login-page";

/** A fresh browser context (its own cookies: "another browser") signed in as the given user. */
export async function signedInPage(browser: Browser, email: string, password: string): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto("/login");
  await new LoginPage(page).signIn(email, password);
  await expect(page).toHaveURL(/\/chat$/);
  return page;
}

/** A short unique suffix so specs never collide with each other's data. */
export function unique(): string {
  return Math.random().toString(36).slice(2, 8);
}
