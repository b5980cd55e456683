import "server-only";
import type { ActingUser } from "@/lib/auth/authorize";
import type { KnowledgeBaseScope } from "@/lib/auth/scope";
import { notFound } from "@/lib/errors";
import { db } from "./client";
import type { MessageStatus, Prisma } from "./generated/client";
import { isUuid } from "./ids";
import { likeLiteral } from "./pagination";

// Chats belong to the user who started them, and to nobody else: every query here filters by the owner, so another
// user's id (admins included) answers 404. There is no function that reads chats across users.

const chatWithKnowledgeBase = { knowledgeBase: { select: { id: true, slug: true, name: true } } } satisfies Prisma.ChatInclude;

/** One of the user's chats, or a 404. */
export async function getChat(user: ActingUser, chatId: string) {
  if (!isUuid(chatId)) throw notFound("Chat");
  const chat = await db().chat.findFirst({ where: { id: chatId, userId: user.id }, include: chatWithKnowledgeBase });
  if (!chat) throw notFound("Chat");
  return chat;
}

/** The user's chat with this id, null when no chat has it; another user's chat is a 404 (it does not exist for them). */
export async function findChat(user: ActingUser, chatId: string) {
  if (!isUuid(chatId)) throw notFound("Chat");
  const chat = await db().chat.findUnique({ where: { id: chatId }, include: chatWithKnowledgeBase });
  if (chat && chat.userId !== user.id) throw notFound("Chat");
  return chat;
}

/** Starts a chat (with the id the browser chose) on a knowledge base the user was authorized to read. */
export async function createChat(user: ActingUser, scope: KnowledgeBaseScope, chat: { id: string; title: string }) {
  return db().chat.create({
    data: { id: chat.id, userId: user.id, knowledgeBaseId: scope.knowledgeBaseIds[0]!, title: chat.title.slice(0, 120) || "New chat" },
    include: chatWithKnowledgeBase,
  });
}

/** The user's chats, newest first, optionally filtered by title. */
export async function listChats(user: ActingUser, query: { q?: string; limit?: number } = {}) {
  return db().chat.findMany({
    where: { userId: user.id, ...(query.q ? { title: { contains: likeLiteral(query.q), mode: "insensitive" } } : {}) },
    include: chatWithKnowledgeBase,
    orderBy: { updatedAt: "desc" },
    take: query.limit ?? 200,
  });
}

export async function renameChat(user: ActingUser, chatId: string, title: string) {
  await getChat(user, chatId);
  await db().chat.update({ where: { id: chatId }, data: { title: title.slice(0, 120) } });
}

/** Deletes a chat with its messages and citations (a hard delete). */
export async function deleteChat(user: ActingUser, chatId: string) {
  await getChat(user, chatId);
  await db().chat.delete({ where: { id: chatId } });
}

/** A chat's messages, oldest first, with their citations in number order. */
export async function getMessages(user: ActingUser, chatId: string) {
  await getChat(user, chatId);
  return db().message.findMany({ where: { chatId }, include: { citations: { orderBy: { number: "asc" } } }, orderBy: { createdAt: "asc" } });
}

export async function addUserMessage(user: ActingUser, chatId: string, content: string) {
  await getChat(user, chatId);
  const [message] = await db().$transaction([
    db().message.create({ data: { chatId, role: "user", content } }),
    db().chat.update({ where: { id: chatId }, data: { updatedAt: new Date() } }),
  ]);
  return message;
}

export interface CitationWrite {
  number: number;
  isCited: boolean;
  knowledgeBaseId: string;
  documentId: string;
  chunkId: bigint;
  sourceId: string;
  title: string;
  text: string;
  startOffset: number;
  endOffset: number;
  score: number;
}

export interface AssistantMessageWrite {
  id: string;
  content: string;
  status: MessageStatus;
  error?: string | null;
  details: Prisma.InputJsonObject;
  citations: readonly CitationWrite[];
}

/** Stores an answer with the passages that were in its prompt (copied, so they survive the document changing). */
export async function saveAssistantMessage(user: ActingUser, chatId: string, message: AssistantMessageWrite) {
  await getChat(user, chatId);
  await db().$transaction([
    db().message.create({
      data: {
        id: message.id,
        chatId,
        role: "assistant",
        content: message.content,
        status: message.status,
        error: message.error ?? null,
        details: message.details,
        citations: { create: message.citations.map((citation) => ({ ...citation })) },
      },
    }),
    db().chat.update({ where: { id: chatId }, data: { updatedAt: new Date() } }),
  ]);
}
