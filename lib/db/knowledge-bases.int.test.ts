import { describe, expect, it } from "vitest";
import { authorizedKnowledgeBases } from "@/lib/auth/authorize";
import { actingUser, createTestAdmin, createTestDocument, createTestTeam, createTestUser } from "@/tests/fixtures";
import { db } from "./client";
import { createKnowledgeBase, deleteKnowledgeBase, getKnowledgeBase, listKnowledgeBases, updateKnowledgeBase } from "./knowledge-bases";

const slug = () => `kb-${Math.random().toString(36).slice(2, 10)}`;

describe("knowledge-base administration", () => {
  it("creates a base with the installation's defaults and audits it", async () => {
    const { admin } = await createTestAdmin();
    const team = await createTestTeam();
    const kb = await createKnowledgeBase(admin, { slug: slug(), name: "HR policy", teamId: team.id }, "10.1.1.1");
    expect(kb).toMatchObject({ chatModel: "gemma3:1b", embeddingModel: "all-minilm", embeddingDimension: 384, topK: 6, contextWindow: 4096, logQuestions: false });
    expect(await db().auditEvent.count({ where: { action: "knowledge_base.create", targetId: kb.id, ip: "10.1.1.1" } })).toBe(1);
  });

  it("refuses a taken or malformed namespace and a missing team with clear messages", async () => {
    const { admin } = await createTestAdmin();
    const team = await createTestTeam();
    const taken = slug();
    await createKnowledgeBase(admin, { slug: taken, name: "One", teamId: team.id }, null);
    await expect(createKnowledgeBase(admin, { slug: taken, name: "Two", teamId: team.id }, null)).rejects.toThrow("Another knowledge base already uses that namespace.");
    await expect(createKnowledgeBase(admin, { slug: slug(), name: "Three", teamId: "00000000-0000-4000-8000-000000000000" }, null)).rejects.toThrow("That team does not exist.");
    await expect(createKnowledgeBase(admin, { slug: "Bad Slug", name: "Four", teamId: team.id }, null)).rejects.toThrow();
  });

  it("records each changed setting in the audit log", async () => {
    const { admin } = await createTestAdmin();
    const team = await createTestTeam();
    const kb = await createKnowledgeBase(admin, { slug: slug(), name: "Engineering", teamId: team.id }, null);
    await updateKnowledgeBase(admin, kb.id, { ...kb, name: "Engineering handbook", topK: 8 }, null);
    const event = await db().auditEvent.findFirstOrThrow({ where: { action: "knowledge_base.update", targetId: kb.id } });
    expect((event.details as { changes: unknown }).changes).toEqual({ name: { from: "Engineering", to: "Engineering handbook" }, topK: { from: 6, to: 8 } });
    await expect(updateKnowledgeBase(admin, kb.id, { ...kb, chunkOverlap: 300, chunkSize: 200 }, null)).rejects.toThrow("The chunk overlap must be smaller");
  });

  it("starts with feedback anonymous to editors, and audits turning identities on", async () => {
    const { admin } = await createTestAdmin();
    const team = await createTestTeam();
    const kb = await createKnowledgeBase(admin, { slug: slug(), name: "Feedback", teamId: team.id }, null);
    expect(kb.showFeedbackIdentity).toBe(false);
    await updateKnowledgeBase(admin, kb.id, { ...kb, showFeedbackIdentity: true }, null);
    const event = await db().auditEvent.findFirstOrThrow({ where: { action: "knowledge_base.update", targetId: kb.id } });
    expect((event.details as { changes: unknown }).changes).toEqual({ showFeedbackIdentity: { from: false, to: true } });
  });

  it("writes the privacy settings and audits the location and patterns, and the key only as set", async () => {
    const { admin } = await createTestAdmin();
    const team = await createTestTeam();
    const kb = await createKnowledgeBase(admin, { slug: slug(), name: "Hosted", teamId: team.id }, null);
    expect(kb.modelLocation).toBe("local");
    const privacy = { modelLocation: "hosted" as const, chatApiKeyEncrypted: "v1:sealed", piiPatterns: [{ label: "MRN", pattern: "MRN-\\d{6}" }], keyAudit: { from: "not set", to: "set" } };
    await updateKnowledgeBase(admin, kb.id, kb, null, privacy);
    expect(await db().knowledgeBase.findUniqueOrThrow({ where: { id: kb.id } })).toMatchObject({ modelLocation: "hosted", chatApiKeyEncrypted: "v1:sealed", piiPatterns: privacy.piiPatterns });
    const event = await db().auditEvent.findFirstOrThrow({ where: { action: "knowledge_base.update", targetId: kb.id } });
    expect((event.details as { changes: unknown }).changes).toEqual({
      modelLocation: { from: "local", to: "hosted" },
      piiPatterns: { from: [], to: privacy.piiPatterns },
      chatApiKey: { from: "not set", to: "set" },
    });
    expect(JSON.stringify(event.details)).not.toContain("v1:sealed");
  });

  it("deletes only after the namespace is typed, taking documents, chunks and vectors with it", async () => {
    const { admin } = await createTestAdmin();
    const team = await createTestTeam();
    const kb = await createKnowledgeBase(admin, { slug: slug(), name: "Doomed", teamId: team.id }, null);
    const doc = await createTestDocument(kb.id, ["first passage", "second passage"]);
    await expect(deleteKnowledgeBase(admin, kb.id, "wrong", null)).rejects.toThrow(`Type the knowledge base's namespace, ${kb.slug}, to confirm.`);
    expect(await db().document.count({ where: { id: doc.id } })).toBe(1);
    await deleteKnowledgeBase(admin, kb.id, kb.slug, null);
    expect(await db().document.count({ where: { id: doc.id } })).toBe(0);
    expect(await db().chunk.count({ where: { documentId: doc.id } })).toBe(0);
    const event = await db().auditEvent.findFirstOrThrow({ where: { action: "knowledge_base.delete", targetId: kb.id } });
    expect(event.details).toMatchObject({ documents: 1, chunks: 2 });
  });

  it("lists to members only the bases of their teams", async () => {
    const { admin } = await createTestAdmin();
    const reader = await createTestUser();
    const own = await createTestTeam([{ userId: reader.id, role: "reader" }]);
    const other = await createTestTeam();
    const mine = await createKnowledgeBase(admin, { slug: slug(), name: "Mine", teamId: own.id }, null);
    const theirs = await createKnowledgeBase(admin, { slug: slug(), name: "Theirs", teamId: other.id }, null);
    const scope = await authorizedKnowledgeBases(actingUser(reader), "read");
    expect((await listKnowledgeBases(scope)).map((kb) => kb.id)).toEqual([mine.id]);
    await expect(getKnowledgeBase(scope, theirs.id)).rejects.toThrow("Knowledge base not found.");
  });
});
