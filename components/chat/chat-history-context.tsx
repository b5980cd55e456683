"use client";

import { usePathname } from "next/navigation";
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from "react";
import type { HistoryItem } from "./history-types";

interface ChatHistory {
  chats: HistoryItem[];
  /** Adds a chat (a new one has started), or moves a listed one to the top with its new time (keeping its title). */
  upsert: (chat: HistoryItem) => void;
  remove: (chatId: string) => void;
  rename: (chatId: string, title: string) => void;
  isDrawerOpen: boolean;
  setDrawerOpen: (isOpen: boolean) => void;
}

const ChatHistoryContext = createContext<ChatHistory | null>(null);

/**
 * The user's chats as the sidebar shows them. The server's list (from the layout) is the start; the chat view adds a
 * new chat the moment its first answer starts, without a round trip, and rename and delete update it in place.
 */
export function ChatHistoryProvider({ initialChats, children }: { initialChats: HistoryItem[]; children: ReactNode }) {
  const [serverChats, setServerChats] = useState(initialChats);
  const [chats, setChats] = useState(initialChats);
  const [isDrawerOpen, setDrawerOpen] = useState(false);
  const pathname = usePathname();
  const [drawerPath, setDrawerPath] = useState(pathname);
  // A fresh list from the server (after a refresh) replaces the local one; navigating closes the phone drawer.
  if (serverChats !== initialChats) {
    setServerChats(initialChats);
    setChats(initialChats);
  }
  if (drawerPath !== pathname) {
    setDrawerPath(pathname);
    setDrawerOpen(false);
  }
  const upsert = useCallback(
    (chat: HistoryItem) =>
      setChats((current) => {
        const listed = current.find((item) => item.id === chat.id);
        return [{ ...chat, title: listed?.title ?? chat.title }, ...current.filter((item) => item.id !== chat.id)];
      }),
    [],
  );
  const remove = useCallback((chatId: string) => setChats((current) => current.filter((item) => item.id !== chatId)), []);
  const rename = useCallback((chatId: string, title: string) => setChats((current) => current.map((item) => (item.id === chatId ? { ...item, title } : item))), []);
  const value = useMemo(() => ({ chats, upsert, remove, rename, isDrawerOpen, setDrawerOpen }), [chats, upsert, remove, rename, isDrawerOpen]);
  return <ChatHistoryContext.Provider value={value}>{children}</ChatHistoryContext.Provider>;
}

export function useChatHistory(): ChatHistory {
  const history = useContext(ChatHistoryContext);
  if (!history) throw new Error("useChatHistory outside ChatHistoryProvider");
  return history;
}
