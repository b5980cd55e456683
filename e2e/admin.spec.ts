import { expect, test } from "@playwright/test";
import { ADMIN } from "./environment";
import { AdminPages } from "./pages/admin";
import { signedInPage, unique } from "./sessions";

test("an admin sets up two teams; each member sees exactly their own team's knowledge base", async ({ browser }) => {
  const id = unique();
  const adminPage = await signedInPage(browser, ADMIN.email, ADMIN.password);
  const admin = new AdminPages(adminPage);

  const hrTeam = await admin.createTeam(`HR ${id}`);
  const engTeam = await admin.createTeam(`Engineering ${id}`);
  await admin.createKnowledgeBase(`HR policy ${id}`, `hr-${id}`, hrTeam);
  await admin.createKnowledgeBase(`Engineering ${id}`, `eng-${id}`, engTeam);
  const alice = { email: `alice-${id}@e2e.test`, password: `alice-password-${id}` };
  const bob = { email: `bob-${id}@e2e.test`, password: `bob-password-${id}` };
  await admin.createUser(alice.email, alice.password);
  await admin.createUser(bob.email, bob.password);
  await admin.addMember(hrTeam, alice.email, "reader");
  await admin.addMember(engTeam, bob.email, "editor");

  const alicePage = await signedInPage(browser, alice.email, alice.password);
  await expect(alicePage.getByTestId("kb-option")).toHaveCount(1);
  await expect(alicePage.getByTestId("kb-option")).toHaveAttribute("data-slug", `hr-${id}`);
  await expect(alicePage.getByTestId("nav-admin")).toHaveCount(0);

  const bobPage = await signedInPage(browser, bob.email, bob.password);
  await expect(bobPage.getByTestId("kb-option")).toHaveCount(1);
  await expect(bobPage.getByTestId("kb-option")).toHaveAttribute("data-slug", `eng-${id}`);

  // Members do not reach the administration area at all.
  const response = await bobPage.goto("/admin/knowledge-bases");
  expect(response?.status()).toBe(404);
});

test("a member of no team sees what to do next", async ({ browser }) => {
  const id = unique();
  const admin = new AdminPages(await signedInPage(browser, ADMIN.email, ADMIN.password));
  const erin = { email: `erin-${id}@e2e.test`, password: `erin-password-${id}` };
  await admin.createUser(erin.email, erin.password);
  const page = await signedInPage(browser, erin.email, erin.password);
  await expect(page.getByTestId("chat-empty-state")).toContainText("Ask an admin to add you to a team");
});

test("a disabled user's open session is refused at the next request", async ({ browser }) => {
  const id = unique();
  const admin = new AdminPages(await signedInPage(browser, ADMIN.email, ADMIN.password));
  const carol = { email: `carol-${id}@e2e.test`, password: `carol-password-${id}` };
  await admin.createUser(carol.email, carol.password);
  const carolPage = await signedInPage(browser, carol.email, carol.password);

  const adminPage = await signedInPage(browser, ADMIN.email, ADMIN.password);
  await adminPage.goto(`/admin/users?q=${encodeURIComponent(carol.email)}`);
  await adminPage.locator(`[data-testid="user-row"][data-email="${carol.email}"]`).getByTestId("toggle-disabled").click();
  await expect(adminPage.locator(`[data-testid="user-row"][data-email="${carol.email}"]`)).toContainText("disabled");

  await carolPage.goto("/chat");
  await expect(carolPage).toHaveURL(/\/login/);
});

test("a user changes their password and must sign in again with the new one", async ({ browser }) => {
  const id = unique();
  const admin = new AdminPages(await signedInPage(browser, ADMIN.email, ADMIN.password));
  const dave = { email: `dave-${id}@e2e.test`, password: `dave-password-${id}` };
  await admin.createUser(dave.email, dave.password);
  const page = await signedInPage(browser, dave.email, dave.password);
  await page.goto("/account");
  await page.getByTestId("current-password").fill(dave.password);
  await page.getByTestId("new-password").fill(`new-password-${id}-x`);
  await page.getByTestId("confirm-password").fill(`new-password-${id}-x`);
  await page.getByTestId("change-password-submit").click();
  await expect(page).toHaveURL(/\/login/);
  await signedInPage(browser, dave.email, `new-password-${id}-x`);
});

test("the audit log shows the sign-ins and changes, filterable by kind", async ({ browser }) => {
  const page = await signedInPage(browser, ADMIN.email, ADMIN.password);
  await page.goto("/admin/audit?action=auth.");
  await expect(page.getByTestId("audit-row").first()).toBeVisible();
  const actions = await page.getByTestId("audit-row").evaluateAll((rows) => rows.map((row) => row.getAttribute("data-action")));
  expect(actions.every((action) => action?.startsWith("auth."))).toBe(true);
  expect(actions).toContain("auth.sign_in");
});
