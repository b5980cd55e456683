import { describe, expect, it } from "vitest";
import { requireAdmin } from "@/lib/auth/admin";
import { AppError } from "@/lib/errors";
import { actingUser, createTestKnowledgeBase, createTestTeam, createTestUser } from "@/tests/fixtures";
import { createApiKey, hashApiKeySecret, listApiKeys, revokeApiKey } from "./api-keys";
import { db } from "./client";

async function adminAndKnowledgeBase() {
  const admin = requireAdmin(actingUser(await createTestUser({ role: "admin" })));
  const kb = await createTestKnowledgeBase((await createTestTeam()).id);
  return { admin, kb };
}

async function auditEventsFor(keyId: string) {
  return db().auditEvent.findMany({ where: { targetType: "api_key", targetId: keyId }, orderBy: { id: "asc" } });
}

describe("API keys", () => {
  it("returns the secret once and stores only its hash and a display prefix", async () => {
    const { admin, kb } = await adminAndKnowledgeBase();
    const { key, secret } = await createApiKey(admin, kb.id, { name: "  Intranet search ", scope: "read" });
    expect(secret).toMatch(/^enc_[A-Za-z0-9_-]{43}$/);
    expect(key).toMatchObject({ knowledgeBaseId: kb.id, name: "Intranet search", scope: "read", prefix: secret.slice(0, 12), lastUsedAt: null, revokedAt: null });
    expect(JSON.stringify(key)).not.toContain(secret);

    const row = await db().apiKey.findUniqueOrThrow({ where: { id: key.id } });
    expect(row.secretHash).toBe(hashApiKeySecret(secret));
    expect(row.secretHash).toMatch(/^[0-9a-f]{64}$/);
    expect(row.createdById).toBe(admin.userId);
    expect(Object.values(row).map(String)).not.toContain(secret);
    // The list never carries the secret or its hash either.
    const { keys } = await listApiKeys(admin, kb.id);
    expect(JSON.stringify(keys)).not.toContain(secret);
    expect(JSON.stringify(keys)).not.toContain(row.secretHash);
  });

  it("makes a different secret each time", async () => {
    const { admin, kb } = await adminAndKnowledgeBase();
    const first = await createApiKey(admin, kb.id, { name: "one", scope: "read" });
    const second = await createApiKey(admin, kb.id, { name: "two", scope: "write" });
    expect(first.secret).not.toBe(second.secret);
  });

  it("lists a knowledge base's own keys, newest first, with the knowledge base", async () => {
    const { admin, kb } = await adminAndKnowledgeBase();
    const other = await createTestKnowledgeBase((await createTestTeam()).id);
    await createApiKey(admin, other.id, { name: "elsewhere", scope: "read" });
    const older = await createApiKey(admin, kb.id, { name: "older", scope: "read" });
    const newer = await createApiKey(admin, kb.id, { name: "newer", scope: "write" });
    const listing = await listApiKeys(admin, kb.id);
    expect(listing.knowledgeBase).toEqual({ id: kb.id, slug: kb.slug, name: kb.name });
    expect(listing.keys.map((key) => key.id)).toEqual([newer.key.id, older.key.id]);
  });

  it("revokes a key once, audited once", async () => {
    const { admin, kb } = await adminAndKnowledgeBase();
    const { key } = await createApiKey(admin, kb.id, { name: "to revoke", scope: "write" });
    const revoked = await revokeApiKey(admin, key.id, "203.0.113.9");
    expect(revoked.revokedAt).toBeInstanceOf(Date);
    const again = await revokeApiKey(admin, key.id);
    expect(again.revokedAt).toEqual(revoked.revokedAt);
    expect((await auditEventsFor(key.id)).map((event) => event.action)).toEqual(["api_key.create", "api_key.revoke"]);
  });

  it("audits creation and revocation with the knowledge base and scope, never the secret or its hash", async () => {
    const { admin, kb } = await adminAndKnowledgeBase();
    const { key, secret } = await createApiKey(admin, kb.id, { name: "audited", scope: "write" }, "203.0.113.7");
    await revokeApiKey(admin, key.id);
    const events = await auditEventsFor(key.id);
    expect(events).toHaveLength(2);
    for (const event of events) {
      expect(event).toMatchObject({ actorId: admin.userId, actorEmail: admin.email, targetType: "api_key", targetId: key.id });
      expect(event.details).toMatchObject({ knowledgeBaseId: kb.id, scope: "write" });
      const stored = JSON.stringify({ ...event, id: String(event.id) });
      expect(stored).not.toContain(secret);
      expect(stored).not.toContain(hashApiKeySecret(secret));
    }
    expect(events[0]!.ip).toBe("203.0.113.7");
  });

  it("answers 404 for an unknown knowledge base or key", async () => {
    const { admin } = await adminAndKnowledgeBase();
    const missing = "00000000-0000-4000-8000-000000000000";
    for (const attempt of [
      () => createApiKey(admin, missing, { name: "x", scope: "read" }),
      () => createApiKey(admin, "not-a-uuid", { name: "x", scope: "read" }),
      () => listApiKeys(admin, missing),
      () => revokeApiKey(admin, missing),
      () => revokeApiKey(admin, "not-a-uuid"),
    ]) {
      await expect(attempt()).rejects.toMatchObject({ code: "not_found" });
    }
  });

  it("refuses a blank name", async () => {
    const { admin, kb } = await adminAndKnowledgeBase();
    await expect(createApiKey(admin, kb.id, { name: "   ", scope: "read" })).rejects.toMatchObject({ code: "invalid_input" });
  });

  it("lets only administrators create, list or revoke keys", async () => {
    const { admin, kb } = await adminAndKnowledgeBase();
    const { key } = await createApiKey(admin, kb.id, { name: "kept", scope: "read" });
    const member = await createTestUser();
    await db().membership.create({ data: { userId: member.id, teamId: kb.teamId, role: "editor" } });
    // Every function needs an AdminScope, and only requireAdmin mints one: a member never gets that far.
    const asMember = () => requireAdmin(actingUser(member));
    expect(asMember).toThrow(AppError);
    expect(asMember).toThrow(expect.objectContaining({ code: "forbidden" }));
    await expect(async () => createApiKey(asMember(), kb.id, { name: "x", scope: "write" })).rejects.toMatchObject({ code: "forbidden" });
    await expect(async () => listApiKeys(asMember(), kb.id)).rejects.toMatchObject({ code: "forbidden" });
    await expect(async () => revokeApiKey(asMember(), key.id)).rejects.toMatchObject({ code: "forbidden" });
    expect(await db().apiKey.count({ where: { knowledgeBaseId: kb.id } })).toBe(1);
    expect((await db().apiKey.findUniqueOrThrow({ where: { id: key.id } })).revokedAt).toBeNull();
  });
});
