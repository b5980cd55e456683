import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { deleteUser, setUserDisabled, setUserRole } from "@/lib/db/users";
import { actingUser, createTestAdmin, createTestUser } from "@/tests/fixtures";
import { changeOwnPassword, createAccount, resetPassword } from "./accounts";
import { requireAdmin } from "./admin";
import { authenticateWithPassword } from "./credentials";

describe("accounts", () => {
  it("an admin creates a user with a generated password shown once; only its hash is stored", async () => {
    const { admin } = await createTestAdmin();
    const created = await createAccount(admin, { email: `New-${Date.now()}@Example.test`, role: "member" }, null);
    expect(created.email).toBe(created.email.toLowerCase());
    expect(created.temporaryPassword).toMatch(/^[\w-]{24}$/);
    const stored = await db().user.findUniqueOrThrow({ where: { id: created.id } });
    expect(stored.passwordHash).toMatch(/^\$argon2id\$/);
    expect(JSON.stringify(await db().auditEvent.findMany({ where: { targetId: created.id }, select: { details: true } }))).not.toContain(created.temporaryPassword);
    expect((await authenticateWithPassword(created.email, created.temporaryPassword!, null)).status).toBe("ok");
  });

  it("refuses short passwords and duplicate e-mails", async () => {
    const { admin } = await createTestAdmin();
    await expect(createAccount(admin, { email: "short@example.test", role: "member", password: "short" }, null)).rejects.toThrow("Use at least 12 characters.");
    const user = await createTestUser();
    await expect(createAccount(admin, { email: user.email, role: "member" }, null)).rejects.toThrow(`A user with the e-mail ${user.email} already exists.`);
  });

  it("a reset or disable ends existing sessions (the session version moves on)", async () => {
    const { admin } = await createTestAdmin();
    const user = await createTestUser({ password: "old password 123" });
    const reset = await resetPassword(admin, user.id, null);
    expect((await db().user.findUniqueOrThrow({ where: { id: user.id } })).sessionVersion).toBe(2);
    expect((await authenticateWithPassword(user.email, "old password 123", null)).status).toBe("invalid");
    expect((await authenticateWithPassword(user.email, reset.temporaryPassword, null)).status).toBe("ok");
    await setUserDisabled(admin, user.id, true, null);
    expect((await db().user.findUniqueOrThrow({ where: { id: user.id } })).sessionVersion).toBe(3);
  });

  it("a user changes their own password only with the current one", async () => {
    const user = await createTestUser({ password: "first password 1" });
    await expect(changeOwnPassword(actingUser(user), "wrong", "second password 2", null)).rejects.toThrow("The current password is not right.");
    await changeOwnPassword(actingUser(user), "first password 1", "second password 2", null);
    expect((await authenticateWithPassword(user.email, "second password 2", null)).status).toBe("ok");
  });

  it("keeps at least one active admin and never lets admins lock themselves out", async () => {
    const { user, admin } = await createTestAdmin();
    await expect(setUserDisabled(admin, user.id, true, null)).rejects.toThrow("You cannot disable your own account.");
    await expect(deleteUser(admin, user.id, null)).rejects.toThrow("You cannot delete your own account.");
    // Demote every other admin so this one is the last.
    await db().user.updateMany({ where: { role: "admin", id: { not: user.id } }, data: { role: "member" } });
    await expect(setUserRole(admin, user.id, "member", null)).rejects.toThrow(/at least one active admin/);
    expect(() => requireAdmin(actingUser({ ...user, role: "member" }))).toThrow("Only administrators may do this.");
  });
});
