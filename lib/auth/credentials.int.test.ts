import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { createTestUser } from "@/tests/fixtures";
import { authenticateWithPassword } from "./credentials";
import { MAX_FAILURES_PER_ACCOUNT, MAX_FAILURES_PER_IP } from "./throttle";

const PASSWORD = "correct horse battery";

describe("password sign-in", () => {
  it("signs in with the right password, whatever the e-mail's case, and audits it", async () => {
    const user = await createTestUser({ password: PASSWORD });
    const result = await authenticateWithPassword(user.email.toUpperCase(), PASSWORD, "10.0.0.1");
    expect(result).toEqual({ status: "ok", user: { id: user.id, email: user.email, name: user.name, sessionVersion: 1 } });
    const event = await db().auditEvent.findFirst({ where: { actorId: user.id, action: "auth.sign_in" } });
    expect(event?.ip).toBe("10.0.0.1");
  });

  it("answers the same for a wrong password, an unknown account and a disabled one", async () => {
    const user = await createTestUser({ password: PASSWORD });
    const disabled = await createTestUser({ password: PASSWORD });
    await db().user.update({ where: { id: disabled.id }, data: { disabledAt: new Date() } });
    expect(await authenticateWithPassword(user.email, "wrong password!", null)).toEqual({ status: "invalid" });
    expect(await authenticateWithPassword("nobody@example.test", PASSWORD, null)).toEqual({ status: "invalid" });
    expect(await authenticateWithPassword(disabled.email, PASSWORD, null)).toEqual({ status: "invalid" });
    const reasons = await db().auditEvent.findMany({ where: { action: "auth.sign_in_failed", actorId: { in: [user.id, disabled.id] } }, select: { details: true } });
    expect(reasons.map((r) => (r.details as { reason: string }).reason).sort()).toEqual(["bad_password", "disabled"]);
  });

  it("locks an account after repeated failures, even for the right password, until they age out", async () => {
    const user = await createTestUser({ password: PASSWORD });
    for (let i = 0; i < MAX_FAILURES_PER_ACCOUNT; i++) {
      expect((await authenticateWithPassword(user.email, `guess ${i}`, `192.0.2.${i}`)).status).toBe("invalid");
    }
    expect(await authenticateWithPassword(user.email, PASSWORD, "192.0.2.200")).toEqual({ status: "throttled" });
    expect(await db().auditEvent.count({ where: { action: "auth.sign_in_throttled", actorId: user.id } })).toBe(1);
  });

  it("throttles one address guessing across many accounts", async () => {
    const ip = `198.51.100.${Math.floor(Math.random() * 250)}`;
    for (let i = 0; i < MAX_FAILURES_PER_IP; i++) await authenticateWithPassword(`spray-${i}-${ip}@example.test`, "Password123!", ip);
    const user = await createTestUser({ password: PASSWORD });
    expect(await authenticateWithPassword(user.email, PASSWORD, ip)).toEqual({ status: "throttled" });
    expect((await authenticateWithPassword(user.email, PASSWORD, "203.0.113.9")).status).toBe("ok");
  });

  it("does not count failures from before the last successful sign-in", async () => {
    const user = await createTestUser({ password: PASSWORD });
    for (let i = 0; i < MAX_FAILURES_PER_ACCOUNT - 1; i++) await authenticateWithPassword(user.email, "nope nope nope", null);
    expect((await authenticateWithPassword(user.email, PASSWORD, null)).status).toBe("ok");
    await authenticateWithPassword(user.email, "nope nope nope", null);
    expect((await authenticateWithPassword(user.email, PASSWORD, null)).status).toBe("ok");
  });
});
