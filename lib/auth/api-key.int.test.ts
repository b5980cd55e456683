import { describe, expect, it } from "vitest";
import { createApiKey, revokeApiKey } from "@/lib/db/api-keys";
import { db } from "@/lib/db/client";
import { actingUser, createTestKnowledgeBase, createTestTeam, createTestUser } from "@/tests/fixtures";
import { requireAdmin } from "./admin";
import { authenticateApiKey } from "./api-key";

const UNAUTHENTICATED = { code: "unauthenticated", message: "A valid API key is required." };

async function keyFor(scope: "read" | "write") {
  const admin = requireAdmin(actingUser(await createTestUser({ role: "admin" })));
  const kb = await createTestKnowledgeBase((await createTestTeam()).id);
  const { key, secret } = await createApiKey(admin, kb.id, { name: `${scope} key`, scope });
  return { admin, kb, key, secret };
}

const bearer = (secret: string) => new Headers({ authorization: `Bearer ${secret}` });

describe("authenticateApiKey", () => {
  it("accepts a bearer key for its knowledge base by id or slug and mints a scope of that base alone", async () => {
    const { kb, key, secret } = await keyFor("read");
    for (const ref of [kb.id, kb.slug]) {
      const scope = await authenticateApiKey(bearer(secret), ref, "read");
      expect(scope.actor).toEqual({ kind: "api_key", keyId: key.id });
      expect(scope.access).toBe("read");
      expect(scope.knowledgeBaseIds).toEqual([kb.id]);
    }
  });

  it("accepts the key in X-API-Key", async () => {
    const { kb, secret } = await keyFor("read");
    const scope = await authenticateApiKey(new Headers({ "x-api-key": secret }), kb.slug, "read");
    expect(scope.knowledgeBaseIds).toEqual([kb.id]);
  });

  it("refuses a missing, malformed, unknown or revoked key with the same 401", async () => {
    const { admin, kb, key, secret } = await keyFor("write");
    const unknown = `enc_${"A".repeat(43)}`;
    for (const headers of [new Headers(), bearer("not-a-key"), bearer(unknown), new Headers({ "x-api-key": unknown }), new Headers({ authorization: secret })]) {
      await expect(authenticateApiKey(headers, kb.id, "read")).rejects.toMatchObject({ ...UNAUTHENTICATED, status: 401 });
    }
    await revokeApiKey(admin, key.id);
    await expect(authenticateApiKey(bearer(secret), kb.id, "read")).rejects.toMatchObject(UNAUTHENTICATED);
  });

  it("answers a key used on another knowledge base as if that base did not exist", async () => {
    const a = await keyFor("write");
    const b = await keyFor("write");
    const expected = { code: "not_found", message: "Knowledge base not found.", status: 404 };
    await expect(authenticateApiKey(bearer(a.secret), b.kb.id, "read")).rejects.toMatchObject(expected);
    await expect(authenticateApiKey(bearer(a.secret), b.kb.slug, "write")).rejects.toMatchObject(expected);
    await expect(authenticateApiKey(bearer(a.secret), "no-such-base", "read")).rejects.toMatchObject(expected);
  });

  it("refuses a read key on a write request and lets a write key read", async () => {
    const read = await keyFor("read");
    await expect(authenticateApiKey(bearer(read.secret), read.kb.id, "write")).rejects.toMatchObject({
      code: "forbidden",
      message: "This API key is read-only.",
      status: 403,
    });
    const write = await keyFor("write");
    expect((await authenticateApiKey(bearer(write.secret), write.kb.id, "read")).access).toBe("read");
    expect((await authenticateApiKey(bearer(write.secret), write.kb.id, "write")).access).toBe("write");
  });

  it("records when a key was last used, at most once a minute", async () => {
    const { kb, key, secret } = await keyFor("read");
    const lastUsed = async () => (await db().apiKey.findUniqueOrThrow({ where: { id: key.id } })).lastUsedAt;
    expect(await lastUsed()).toBeNull();

    await authenticateApiKey(bearer(secret), kb.id, "read");
    const first = await lastUsed();
    expect(first).toBeInstanceOf(Date);
    await authenticateApiKey(bearer(secret), kb.id, "read");
    expect(await lastUsed()).toEqual(first);

    const twoMinutesAgo = new Date(Date.now() - 120_000);
    await db().apiKey.update({ where: { id: key.id }, data: { lastUsedAt: twoMinutesAgo } });
    await authenticateApiKey(bearer(secret), kb.id, "read");
    expect((await lastUsed())!.getTime()).toBeGreaterThan(twoMinutesAgo.getTime() + 60_000);
  });

  it("does not count a refused request as a use", async () => {
    const { key, secret } = await keyFor("read");
    await expect(authenticateApiKey(bearer(secret), "no-such-base", "read")).rejects.toMatchObject({ code: "not_found" });
    expect((await db().apiKey.findUniqueOrThrow({ where: { id: key.id } })).lastUsedAt).toBeNull();
  });
});
