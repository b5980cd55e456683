import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { answer } from "@/lib/chat/answer";
import { db } from "@/lib/db/client";
import { startFakeModelServer, type FakeModelServer } from "@/scripts/fake-model-server";
import { actingUser, createTestKnowledgeBase, createTestTeam, createTestUser } from "@/tests/fixtures";
import { LOCAL_ONLY_MESSAGE } from "./policy";

// ENCLAVE_LOCAL_ONLY=true through the chat flow: a hosted knowledge base refuses before anything is stored or sent.

const previous = process.env.ENCLAVE_LOCAL_ONLY;
process.env.ENCLAVE_LOCAL_ONLY = "true";

let hosted: FakeModelServer;
afterAll(async () => {
  if (previous === undefined) delete process.env.ENCLAVE_LOCAL_ONLY;
  else process.env.ENCLAVE_LOCAL_ONLY = previous;
  await hosted?.close();
});
beforeAll(async () => {
  hosted = await startFakeModelServer({ port: 0, flavor: "ollama" });
});

describe("local-only installation", () => {
  it("refuses to answer from a hosted knowledge base, says why, and sends and stores nothing", async () => {
    const user = actingUser(await createTestUser());
    const team = await createTestTeam([{ userId: user.id, role: "reader" }]);
    const kb = await createTestKnowledgeBase(team.id);
    await db().knowledgeBase.update({ where: { id: kb.id }, data: { modelLocation: "hosted", chatBaseUrl: `${hosted.url}/v1` } });
    const chatId = randomUUID();
    const attempt = answer({ user, chatId, knowledgeBaseId: kb.id, question: "What does Maria Schmidt approve?", signal: new AbortController().signal });
    await expect(attempt).rejects.toMatchObject({ code: "forbidden", message: LOCAL_ONLY_MESSAGE });
    expect(hosted.requests).toHaveLength(0);
    expect(await db().chat.count({ where: { id: chatId } })).toBe(0);
  });
});
