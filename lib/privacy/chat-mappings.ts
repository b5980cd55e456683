import "server-only";
import type { ActingUser } from "@/lib/auth/authorize";
import { db } from "@/lib/db/client";
import { notFound } from "@/lib/errors";
import { piiMappingSchema, type PiiMapping } from "./pii/mapping";
import { decryptSecret, encryptSecret } from "./secrets";

// A chat's pseudonymisation mapping, stored encrypted beside the chat (chat_pii_mappings, deleted with it), so the
// same person is [PERSON_1] in every turn. Only the chat's owner's requests load it; it never leaves the server.

const context = (chatId: string) => `chat-pii-mapping:${chatId}`;

async function assertOwnChat(user: ActingUser, chatId: string) {
  const chat = await db().chat.findFirst({ where: { id: chatId, userId: user.id }, select: { id: true } });
  if (!chat) throw notFound("Chat");
}

/** The chat's stored mapping; undefined before its first hosted answer, and for a chat not created yet. */
export async function loadChatMapping(user: ActingUser, chatId: string, key: Buffer): Promise<PiiMapping | undefined> {
  const chat = await db().chat.findUnique({ where: { id: chatId }, select: { userId: true } });
  if (!chat) return undefined;
  if (chat.userId !== user.id) throw notFound("Chat");
  const row = await db().chatPiiMapping.findUnique({ where: { chatId } });
  if (!row) return undefined;
  return piiMappingSchema.parse(JSON.parse(decryptSecret(row.mappingEncrypted, key, context(chatId)))) as PiiMapping;
}

/** Stores (replaces) the chat's mapping, encrypted. */
export async function saveChatMapping(user: ActingUser, chatId: string, mapping: PiiMapping, key: Buffer): Promise<void> {
  await assertOwnChat(user, chatId);
  const mappingEncrypted = encryptSecret(JSON.stringify(mapping), key, context(chatId));
  await db().chatPiiMapping.upsert({ where: { chatId }, create: { chatId, mappingEncrypted }, update: { mappingEncrypted } });
}
