"use server";

import { authedAction } from "@/lib/auth/action";
import { deleteChat, listChats, renameChat } from "@/lib/db/chats";
import { toHistoryItem } from "./history-item";
import { deleteChatSchema, renameChatSchema, searchChatsSchema } from "./schema";

// The history sidebar's actions. Chats belong to their owner: lib/db/chats.ts filters every query by the user, so
// another user's chat id is a 404 here as everywhere.

export const renameChatAction = authedAction(renameChatSchema, async ({ user, input }) => {
  await renameChat(user, input.chatId, input.title);
  return { title: input.title };
});

export const deleteChatAction = authedAction(deleteChatSchema, async ({ user, input }) => {
  await deleteChat(user, input.chatId);
});

/** The user's chats whose title contains `q`, newest first (the sidebar filters what it has at once, this finds the rest). */
export const searchChatsAction = authedAction(searchChatsSchema, async ({ user, input }) => {
  return (await listChats(user, { q: input.q, limit: 100 })).map(toHistoryItem);
});
