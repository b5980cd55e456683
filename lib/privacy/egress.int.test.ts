import { randomBytes, randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { actingUser, createTestAdmin, createTestKnowledgeBase, createTestTeam, createTestUser } from "@/tests/fixtures";
import { loadChatMapping, saveChatMapping } from "./chat-mappings";
import { listEgressEvents, listEgressKnowledgeBases, recordEgress, type EgressEventInput } from "./egress";
import { createPseudonymizer } from "./pii/pseudonymizer";
import { decryptSecret, apiKeyContext, sealKnowledgeBaseApiKey, SecretDecryptionError } from "./secrets";

const secretKey = randomBytes(32).toString("base64");
const hash = "ab".repeat(32);

let kb: Awaited<ReturnType<typeof createTestKnowledgeBase>>;
beforeAll(async () => {
  kb = await createTestKnowledgeBase((await createTestTeam()).id);
});

function event(overrides: Partial<EgressEventInput> = {}): EgressEventInput {
  return {
    knowledgeBase: { id: kb.id, slug: kb.slug },
    actor: { userId: randomUUID(), email: "reader@example.test" },
    chatId: null,
    purpose: "answer",
    endpoint: "https://api.example.com/v1/chat/completions",
    model: "gpt-test",
    promptTokens: 120,
    completionTokens: 30,
    maskedCounts: { PERSON: 3, EMAIL: 2 },
    payloadSha256: hash,
    payloadBytes: 2048,
    status: "ok",
    durationMs: 800,
    ...overrides,
  };
}

describe("the egress log", () => {
  it("is append-only: the database refuses updates, deletes and truncation", async () => {
    await recordEgress(event());
    await expect(db().$executeRaw`UPDATE egress_events SET status = 'changed'`).rejects.toThrow(/append-only/);
    await expect(db().$executeRaw`DELETE FROM egress_events`).rejects.toThrow(/append-only/);
    await expect(db().$executeRaw`TRUNCATE egress_events`).rejects.toThrow(/append-only/);
    await expect(db().$executeRaw`INSERT INTO egress_events (knowledge_base_id, knowledge_base_slug, endpoint, model, payload_sha256, payload_bytes, status) VALUES (${kb.id}::uuid, 'x', 'e', 'm', 'not-a-hash', 1, 'ok')`).rejects.toThrow();
  });

  it("keeps its rows when the knowledge base is deleted", async () => {
    const doomed = await createTestKnowledgeBase((await createTestTeam()).id);
    await recordEgress(event({ knowledgeBase: { id: doomed.id, slug: doomed.slug } }));
    await db().knowledgeBase.delete({ where: { id: doomed.id } });
    expect(await db().egressEvent.count({ where: { knowledgeBaseId: doomed.id } })).toBe(1);
  });

  it("lists events newest first, filtered by knowledge base, user and date, for admins", async () => {
    const { admin } = await createTestAdmin();
    const other = await createTestKnowledgeBase((await createTestTeam()).id);
    await recordEgress(event({ actor: { userId: randomUUID(), email: "Alice@Example.test" } }));
    await recordEgress(event({ knowledgeBase: { id: other.id, slug: other.slug }, actor: { apiKeyId: randomUUID() } }));
    const mine = await listEgressEvents(admin, { knowledgeBaseId: kb.id });
    expect(mine.items.every((item) => item.knowledgeBaseId === kb.id)).toBe(true);
    expect(mine.items[0]).toMatchObject({ userEmail: "Alice@Example.test", maskedCounts: { PERSON: 3, EMAIL: 2 }, payloadSha256: hash });
    expect((await listEgressEvents(admin, { user: "alice@" })).items).toHaveLength(1);
    const byKey = await listEgressEvents(admin, { knowledgeBaseId: other.id });
    expect(byKey.items[0]).toMatchObject({ userId: null, apiKeyId: expect.any(String) });
    const tomorrow = new Date(Date.now() + 86_400_000);
    expect((await listEgressEvents(admin, { from: tomorrow })).total).toBe(0);
    expect((await listEgressEvents(admin, { to: tomorrow })).total).toBeGreaterThanOrEqual(3);
    expect((await listEgressKnowledgeBases(admin)).map((k) => k.id)).toEqual(expect.arrayContaining([kb.id, other.id]));
  });
});

describe("secrets in the database", () => {
  it("stores a knowledge base's API key only encrypted, readable with the same key and no other", async () => {
    const sealed = sealKnowledgeBaseApiKey(kb.id, "sk-live-0123456789", secretKey);
    await db().knowledgeBase.update({ where: { id: kb.id }, data: { chatApiKeyEncrypted: sealed } });
    const [row] = await db().$queryRaw<{ value: string }[]>`SELECT chat_api_key_encrypted AS value FROM knowledge_bases WHERE id = ${kb.id}::uuid`;
    expect(row!.value).not.toContain("sk-live");
    const key = Buffer.from(secretKey, "base64");
    expect(decryptSecret(row!.value, key, apiKeyContext(kb.id))).toBe("sk-live-0123456789");
    expect(() => decryptSecret(row!.value, randomBytes(32), apiKeyContext(kb.id))).toThrow(SecretDecryptionError);
    expect(() => sealKnowledgeBaseApiKey(kb.id, "sk", undefined)).toThrow(/needs ENCLAVE_SECRET_KEY/);
  });

  it("keeps a chat's mapping encrypted, for its owner only, and deletes it with the chat", async () => {
    const owner = actingUser(await createTestUser());
    const stranger = actingUser(await createTestUser());
    const chat = await db().chat.create({ data: { userId: owner.id, knowledgeBaseId: kb.id, title: "t" } });
    const key = Buffer.from(secretKey, "base64");
    const p = createPseudonymizer();
    p.mask("Maria Schmidt wrote to kwame.mensah@example.com");
    await saveChatMapping(owner, chat.id, p.mapping(), key);
    const [row] = await db().$queryRaw<{ value: string }[]>`SELECT mapping_encrypted AS value FROM chat_pii_mappings WHERE chat_id = ${chat.id}::uuid`;
    expect(row!.value).not.toMatch(/Maria|kwame/);
    expect(await loadChatMapping(owner, chat.id, key)).toEqual(p.mapping());
    await expect(loadChatMapping(stranger, chat.id, key)).rejects.toThrow("Chat not found.");
    await expect(saveChatMapping(stranger, chat.id, p.mapping(), key)).rejects.toThrow("Chat not found.");
    expect(await loadChatMapping(owner, randomUUID(), key)).toBeUndefined();
    await expect(loadChatMapping(owner, chat.id, randomBytes(32))).rejects.toThrow(SecretDecryptionError);
    await db().chat.delete({ where: { id: chat.id } });
    expect(await db().chatPiiMapping.count({ where: { chatId: chat.id } })).toBe(0);
  });
});
