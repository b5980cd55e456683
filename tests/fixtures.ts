import { randomUUID } from "node:crypto";
import type { ActingUser } from "@/lib/auth/authorize";
import { hashPassword } from "@/lib/auth/password";
import { db } from "@/lib/db/client";

// Builders for integration tests: real rows in the throwaway database, unique names so files never collide.

const unique = () => randomUUID().slice(0, 8);

export async function createTestUser(options: { role?: "admin" | "member"; password?: string; email?: string } = {}) {
  return db().user.create({
    data: {
      email: options.email ?? `user-${unique()}@example.test`,
      name: "Test User",
      role: options.role ?? "member",
      passwordHash: options.password ? await hashPassword(options.password) : null,
    },
  });
}

export function actingUser(user: { id: string; email: string; role: "admin" | "member" }): ActingUser {
  return { id: user.id, email: user.email, role: user.role };
}

export async function createTestTeam(members: { userId: string; role: "editor" | "reader" }[] = []) {
  return db().team.create({
    data: { name: `team-${unique()}`, memberships: { create: members } },
  });
}

export async function createTestKnowledgeBase(teamId: string, overrides: { embeddingDimension?: number } = {}) {
  return db().knowledgeBase.create({
    data: {
      slug: `kb-${unique()}`,
      name: "Test knowledge base",
      teamId,
      chatBaseUrl: "http://127.0.0.1:9/v1",
      chatModel: "gemma3:1b",
      embeddingBaseUrl: "http://127.0.0.1:9/v1",
      embeddingModel: "all-minilm",
      embeddingDimension: overrides.embeddingDimension ?? 384,
    },
  });
}

/** A document with one chunk per text, offsets laid end to end. */
export async function createTestDocument(knowledgeBaseId: string, texts: string[], sourceId = `doc-${unique()}`) {
  const content = texts.join("\n\n");
  let offset = 0;
  return db().document.create({
    data: {
      knowledgeBaseId,
      sourceId,
      title: `Document ${sourceId}`,
      content,
      contentHash: unique(),
      chunks: {
        create: texts.map((text, ordinal) => {
          const startOffset = offset;
          offset += text.length + 2;
          return { knowledgeBaseId, ordinal, text, startOffset, endOffset: startOffset + text.length, tokenCount: text.split(/\s+/).length };
        }),
      },
    },
    include: { chunks: { orderBy: { ordinal: "asc" } } },
  });
}

/** An admin scope for tests of administration functions (through the real check). */
export async function createTestAdmin() {
  const { requireAdmin } = await import("@/lib/auth/admin");
  const user = await createTestUser({ role: "admin" });
  return { user, admin: requireAdmin(actingUser(user)) };
}
