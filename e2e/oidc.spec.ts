import { expect, test, type Page } from "@playwright/test";
import { OIDC_TEST_ACCOUNTS, OIDC_TEST_GROUP, type OidcTestAccountId } from "../tests/oidc-provider";
import { withAppDatabase } from "./database";
import { OIDC_CLIENT, OIDC_URL } from "./environment";

// Single sign-on against a real OpenID provider (scripts/oidc-test-provider.ts, started by playwright.config.ts):
// the browser goes to the provider, signs in there and comes back through the app's Auth.js callback.

/** The test provider's login form. */
class ProviderLoginPage {
  constructor(private readonly page: Page) {}

  async signInAs(accountId: OidcTestAccountId) {
    await expect(this.page).toHaveURL(new RegExp(`^${OIDC_URL}/interaction/`));
    await this.page.getByTestId("idp-login").fill(accountId);
    await this.page.getByTestId("idp-submit").click();
  }
}

async function ensureTeamForGroup(group: string): Promise<string> {
  return withAppDatabase(async (client) => {
    const { rows } = await client.query<{ id: string }>(
      `INSERT INTO teams (name, idp_group) VALUES ($1, $2)
       ON CONFLICT (idp_group) DO UPDATE SET idp_group = EXCLUDED.idp_group RETURNING id`,
      [`Support (${group})`, group],
    );
    return rows[0]!.id;
  });
}

async function accountRow(email: string) {
  return withAppDatabase(async (client) => {
    const { rows } = await client.query<{ id: string; role: string; oidc_subject: string | null }>(
      "SELECT id, role, oidc_subject FROM users WHERE email = $1",
      [email.toLowerCase()],
    );
    return rows[0];
  });
}

test("a visitor signs in through the identity provider, lands on the chat and joins the team of their group", async ({ page }) => {
  const teamId = await ensureTeamForGroup(OIDC_TEST_GROUP);
  const account = OIDC_TEST_ACCOUNTS["sso-member"];

  await page.goto("/chat");
  await expect(page).toHaveURL(/\/login\?callbackUrl=%2Fchat$/);
  await page.getByRole("button", { name: `Sign in with ${OIDC_CLIENT.name}` }).click();
  await new ProviderLoginPage(page).signInAs("sso-member");

  await expect(page).toHaveURL(/\/chat$/);
  await expect(page.getByTestId("current-user")).toHaveText(account.email.toLowerCase());

  const user = await accountRow(account.email);
  expect(user).toMatchObject({ role: "member", oidc_subject: "sso-member" });
  const memberships = await withAppDatabase(async (client) => {
    const { rows } = await client.query("SELECT team_id, role, source FROM memberships WHERE user_id = $1", [user!.id]);
    return rows;
  });
  expect(memberships).toEqual([{ team_id: teamId, role: "reader", source: "idp" }]);

  // The session is an ordinary Enclave session: it survives a reload and ends with Sign out.
  await page.reload();
  await expect(page.getByTestId("current-user")).toHaveText(account.email.toLowerCase());
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login/);
});

test("an account whose e-mail the provider has not verified is refused with the generic message", async ({ page }) => {
  await page.goto("/login");
  await page.getByTestId("login-sso").click();
  await new ProviderLoginPage(page).signInAs("sso-unverified");

  // AccessDenied: refused by Enclave's sign-in check, not a broken round trip (that would say Configuration).
  await expect(page).toHaveURL(/\/login\?error=AccessDenied$/);
  await expect(page.getByTestId("login-sso-error")).toHaveText(
    `Signing in with ${OIDC_CLIENT.name} did not work. Try again, or ask an administrator for access.`,
  );
  const email = OIDC_TEST_ACCOUNTS["sso-unverified"].email.toLowerCase();
  expect(await accountRow(email)).toBeUndefined();
  const reasons = await withAppDatabase(async (client) => {
    const { rows } = await client.query<{ reason: string }>(
      "SELECT details->>'reason' AS reason FROM audit_events WHERE action = 'auth.sign_in_failed' AND details->>'email' = $1",
      [email],
    );
    return rows.map((row) => row.reason);
  });
  expect(reasons).toEqual(["email_not_verified"]);
  await page.goto("/chat");
  await expect(page).toHaveURL(/\/login\?callbackUrl=%2Fchat$/);
});

test("the login page keeps the password form beside single sign-on and shows no error on a plain visit", async ({ page }) => {
  await page.goto("/login");
  await expect(page.getByTestId("login-sso")).toHaveText(`Sign in with ${OIDC_CLIENT.name}`);
  await expect(page.getByTestId("login-form")).toBeVisible();
  await expect(page.getByTestId("login-sso-error")).toHaveCount(0);
  // The client secret is server configuration: never in the page.
  expect(await page.content()).not.toContain(OIDC_CLIENT.secret);
});
