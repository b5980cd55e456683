import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { createTestTeam, createTestUser } from "@/tests/fixtures";
import { getOidcUser, signInWithOidc } from "./oidc";

// The sign-in decision against the real database: claims as Auth.js hands them over from a validated ID token.

const IP = "203.0.113.7";
const OPTIONS = { groupsClaim: "groups", isProvisioningAllowed: true, ip: IP };

function idpUser(overrides: Record<string, unknown> = {}) {
  const id = randomUUID().slice(0, 8);
  return { iss: `https://idp-${id}.example.test/realms/enclave`, sub: `subject-${id}`, email: `Person.${id}@Example.test`, email_verified: true, name: "Pat Person", ...overrides };
}

async function auditEvents(filter: { actorId?: string; email?: string }) {
  return db().auditEvent.findMany({
    where: filter.actorId ? { actorId: filter.actorId } : { details: { path: ["email"], equals: filter.email } },
    orderBy: { id: "asc" },
  });
}

async function createTeamForGroup(group: string) {
  const team = await createTestTeam();
  return db().team.update({ where: { id: team.id }, data: { idpGroup: group } });
}

function membershipsOf(userId: string) {
  return db().membership.findMany({ where: { userId }, select: { teamId: true, role: true, source: true } });
}

async function signedInUserId(claims: Record<string, unknown>, options = OPTIONS) {
  const result = await signInWithOidc(claims, options);
  if (result.status !== "ok") throw new Error(`refused: ${result.reason}`);
  return result.user.id;
}

describe("signInWithOidc: who the IdP's user is in Enclave", () => {
  it("provisions a member for an unknown verified e-mail, bound to the issuer and subject", async () => {
    const claims = idpUser();
    const result = await signInWithOidc(claims, OPTIONS);
    expect(result.status).toBe("ok");
    const user = await db().user.findUniqueOrThrow({ where: { email: String(claims.email).toLowerCase() } });
    expect(user).toMatchObject({ role: "member", passwordHash: null, name: "Pat Person", oidcIssuer: claims.iss, oidcSubject: claims.sub });
    expect(user.lastLoginAt).not.toBeNull();
    expect(result).toEqual({ status: "ok", user: { id: user.id, email: user.email, sessionVersion: user.sessionVersion } });

    const events = await auditEvents({ actorId: user.id });
    expect(events.map((event) => event.action)).toEqual(["user.create", "auth.sign_in"]);
    expect(events[1]).toMatchObject({ ip: IP, details: { method: "oidc", issuer: claims.iss, match: "provisioned" } });
    expect((await getOidcUser(claims))?.id).toBe(user.id);
  });

  it("links an existing account by its verified e-mail once, then recognises the subject even after an e-mail change", async () => {
    const existing = await createTestUser({ password: "a-long-enough-password" });
    const claims = idpUser({ email: existing.email.toUpperCase() });
    expect(await signedInUserId(claims)).toBe(existing.id);
    const linked = await db().user.findUniqueOrThrow({ where: { id: existing.id } });
    expect(linked).toMatchObject({ oidcIssuer: claims.iss, oidcSubject: claims.sub, passwordHash: existing.passwordHash, role: existing.role });

    expect(await signedInUserId({ ...claims, email: "renamed@example.test" })).toBe(existing.id);
    const matches = (await auditEvents({ actorId: existing.id })).map((event) => (event.details as { match?: string }).match);
    expect(matches).toEqual(["email", "subject"]);
  });

  it("refuses an e-mail the IdP has not verified, whatever else matches", async () => {
    const existing = await createTestUser();
    for (const emailVerified of [false, "true", undefined]) {
      const claims = idpUser({ email: existing.email, email_verified: emailVerified });
      expect(await signInWithOidc(claims, OPTIONS)).toEqual({ status: "refused", reason: "email_not_verified" });
    }
    const unknown = idpUser({ email_verified: false });
    expect(await signInWithOidc(unknown, OPTIONS)).toEqual({ status: "refused", reason: "email_not_verified" });
    expect(await db().user.count({ where: { email: String(unknown.email).toLowerCase() } })).toBe(0);
    expect((await db().user.findUniqueOrThrow({ where: { id: existing.id } })).oidcSubject).toBeNull();

    const [failure] = await auditEvents({ email: String(unknown.email).toLowerCase() });
    expect(failure).toMatchObject({ action: "auth.sign_in_failed", actorId: null, ip: IP, details: { method: "oidc", reason: "email_not_verified" } });
  });

  it("accepts Entra ID's e-mail domain owner verification in place of email_verified", async () => {
    const claims = idpUser({ email_verified: undefined, xms_edov: true });
    expect((await signInWithOidc(claims, OPTIONS)).status).toBe("ok");
  });

  it("refuses a claim set without an e-mail address", async () => {
    expect(await signInWithOidc(idpUser({ email: undefined }), OPTIONS)).toEqual({ status: "refused", reason: "missing_identity" });
  });

  it("refuses disabled users, whether found by subject or by e-mail, without linking them", async () => {
    const claims = idpUser();
    const userId = await signedInUserId(claims);
    await db().user.update({ where: { id: userId }, data: { disabledAt: new Date() } });
    expect(await signInWithOidc(claims, OPTIONS)).toEqual({ status: "refused", reason: "disabled" });
    expect(await getOidcUser(claims)).toBeNull();

    const disabled = await createTestUser();
    await db().user.update({ where: { id: disabled.id }, data: { disabledAt: new Date() } });
    expect(await signInWithOidc(idpUser({ email: disabled.email }), OPTIONS)).toEqual({ status: "refused", reason: "disabled" });
    expect((await db().user.findUniqueOrThrow({ where: { id: disabled.id } })).oidcSubject).toBeNull();
    const [failure] = await auditEvents({ actorId: disabled.id });
    expect(failure).toMatchObject({ action: "auth.sign_in_failed", details: { reason: "disabled" } });
  });

  it("does not hand an account bound to one IdP user to another IdP user with the same e-mail", async () => {
    const first = idpUser();
    const userId = await signedInUserId(first);
    const second = idpUser({ email: first.email });
    expect(await signInWithOidc(second, OPTIONS)).toEqual({ status: "refused", reason: "linked_to_other_identity" });
    expect((await db().user.findUniqueOrThrow({ where: { id: userId } })).oidcSubject).toBe(first.sub);
  });

  it("refuses unknown people when provisioning is off, but still signs in known ones", async () => {
    const options = { ...OPTIONS, isProvisioningAllowed: false };
    const unknown = idpUser();
    expect(await signInWithOidc(unknown, options)).toEqual({ status: "refused", reason: "provisioning_disabled" });
    expect(await db().user.count({ where: { email: String(unknown.email).toLowerCase() } })).toBe(0);

    const existing = await createTestUser();
    expect(await signedInUserId(idpUser({ email: existing.email }), options)).toBe(existing.id);
  });

  it("creates one user when the same person's first two sign-ins race", async () => {
    const claims = idpUser();
    const results = await Promise.all([signInWithOidc(claims, OPTIONS), signInWithOidc(claims, OPTIONS)]);
    expect(results).toEqual([expect.objectContaining({ status: "ok" }), expect.objectContaining({ status: "ok" })]);
    expect(await db().user.count({ where: { oidcSubject: claims.sub } })).toBe(1);
  });
});

describe("signInWithOidc: team access from the groups claim", () => {
  it("adds reader memberships for mapped groups and removes them when the group is gone", async () => {
    const tag = randomUUID().slice(0, 8);
    const engineering = await createTeamForGroup(`engineering-${tag}`);
    const finance = await createTeamForGroup(`finance-${tag}`);
    const claims = idpUser({ groups: [`engineering-${tag}`, `finance-${tag}`, `unmapped-${tag}`] });
    const userId = await signedInUserId(claims);
    expect(await membershipsOf(userId)).toEqual(
      expect.arrayContaining([
        { teamId: engineering.id, role: "reader", source: "idp" },
        { teamId: finance.id, role: "reader", source: "idp" },
      ]),
    );

    await signedInUserId({ ...claims, groups: [`engineering-${tag}`] });
    expect(await membershipsOf(userId)).toEqual([{ teamId: engineering.id, role: "reader", source: "idp" }]);

    const events = await auditEvents({ actorId: userId });
    const changes = events.filter((event) => event.action.startsWith("team.member"));
    expect(changes.map((event) => `${event.action} ${event.targetId}`).sort()).toEqual(
      [`team.member_remove ${finance.id}`, `team.member_set ${engineering.id}`, `team.member_set ${finance.id}`].sort(),
    );
    expect(changes.every((event) => (event.details as { source?: string }).source === "idp")).toBe(true);
  });

  it("never touches a manual membership: no downgrade, no removal", async () => {
    const tag = randomUUID().slice(0, 8);
    const user = await createTestUser();
    const team = await createTeamForGroup(`editors-${tag}`);
    await db().membership.create({ data: { userId: user.id, teamId: team.id, role: "editor", source: "manual" } });

    const claims = idpUser({ email: user.email, groups: [`editors-${tag}`] });
    await signedInUserId(claims);
    expect(await membershipsOf(user.id)).toEqual([{ teamId: team.id, role: "editor", source: "manual" }]);
    await signedInUserId({ ...claims, groups: [] });
    expect(await membershipsOf(user.id)).toEqual([{ teamId: team.id, role: "editor", source: "manual" }]);
  });

  it("leaves memberships alone when the IdP sends no groups claim, and reads a configured claim name", async () => {
    const tag = randomUUID().slice(0, 8);
    const team = await createTeamForGroup(`/staff/support-${tag}`);
    const claims = idpUser({ roles: [`/staff/support-${tag}`] });
    const userId = await signedInUserId(claims, { ...OPTIONS, groupsClaim: "roles" });
    expect(await membershipsOf(userId)).toEqual([{ teamId: team.id, role: "reader", source: "idp" }]);

    await signedInUserId({ ...claims, roles: undefined }, { ...OPTIONS, groupsClaim: "roles" });
    expect(await membershipsOf(userId)).toEqual([{ teamId: team.id, role: "reader", source: "idp" }]);

    // A lone group sent as a string (as some IdPs do for one value) counts as a one-item list.
    await signedInUserId({ ...claims, roles: `/staff/other-${tag}` }, { ...OPTIONS, groupsClaim: "roles" });
    expect(await membershipsOf(userId)).toEqual([]);
  });

  it("drops an idp membership whose team no longer maps to any group", async () => {
    const tag = randomUUID().slice(0, 8);
    const team = await createTeamForGroup(`legal-${tag}`);
    const claims = idpUser({ groups: [`legal-${tag}`] });
    const userId = await signedInUserId(claims);
    await db().team.update({ where: { id: team.id }, data: { idpGroup: null } });
    await signedInUserId(claims);
    expect(await membershipsOf(userId)).toEqual([]);
  });
});
