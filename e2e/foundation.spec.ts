import { expect, test } from "@playwright/test";
import { ADMIN, FAKE_MODEL_URL } from "./environment";
import { LoginPage } from "./pages/login-page";

test("the home page sends a visitor to the login page", async ({ page }) => {
  await page.goto("/");
  await expect(page).toHaveURL(/\/login$/);
  await expect(page.getByRole("heading", { name: "Sign in to Enclave" })).toBeVisible();
});

test("a protected page sends a visitor to log in and back", async ({ page }) => {
  await page.goto("/chat");
  await expect(page).toHaveURL(/\/login\?callbackUrl=%2Fchat$/);
  await new LoginPage(page).signIn(ADMIN.email, ADMIN.password);
  await expect(page).toHaveURL(/\/chat$/);
});

test("the first admin signs in and out; a wrong password gets a generic error", async ({ page }) => {
  const login = new LoginPage(page);
  await login.goto();
  await login.signIn(ADMIN.email, "not-the-password");
  await login.expectError(/do not match an active account/);
  await login.signIn("nobody@e2e.test", "not-the-password");
  await login.expectError(/do not match an active account/);

  await login.signIn(ADMIN.email, ADMIN.password);
  await expect(page).toHaveURL(/\/chat$/);
  await expect(page.getByTestId("current-user")).toHaveText(ADMIN.email);

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login/);
  await page.goto("/chat");
  await expect(page).toHaveURL(/\/login/);
});

test.describe("health", () => {
  test.afterEach(async ({ request }) => {
    // The fake reopens by itself after durationMs; wait for it so later tests find it up.
    await expect(async () => {
      expect((await request.get(`${FAKE_MODEL_URL}/api/version`)).ok()).toBe(true);
    }).toPass({ timeout: 10_000 });
  });

  test("is green with the model server up and names the reason when it is down", async ({ request }) => {
    const up = await request.get("/api/health");
    expect(up.status()).toBe(200);
    expect(await up.json()).toMatchObject({
      status: "ok",
      database: { ok: true },
      chatModel: { ok: true, model: "gemma3:1b" },
      embeddingModel: { ok: true, model: "all-minilm" },
    });

    await request.post(`${FAKE_MODEL_URL}/__fake/failure`, { data: { kind: "refuse-connections", durationMs: 3000 } });
    const down = await request.get("/api/health");
    expect(down.status()).toBe(503);
    const report = await down.json();
    expect(report.status).toBe("degraded");
    expect(report.database).toEqual({ ok: true });
    expect(report.chatModel.reason).toMatch(/connection refused.*Start Ollama/);
  });
});
