import type { ReactNode } from "react";
import { ChatShell } from "@/components/chat/chat-shell";
import { requireUser } from "@/lib/auth/session";
import { listChats } from "@/lib/db/chats";
import { deleteChatAction, renameChatAction, searchChatsAction } from "./actions";
import { toHistoryItem } from "./history-item";

/** The chat pages share the history sidebar: the user's own chats (lib/db/chats.ts lists no one else's). */
export default async function ChatLayout({ children }: { children: ReactNode }) {
  const user = await requireUser();
  const chats = (await listChats(user)).map(toHistoryItem);
  return (
    <ChatShell initialChats={chats} actions={{ rename: renameChatAction, remove: deleteChatAction, search: searchChatsAction }}>
      {children}
    </ChatShell>
  );
}
