"use client";

import Link from "next/link";
import { usePathname, useRouter } from "next/navigation";
import { useEffect, useState, useSyncExternalStore } from "react";
import { useChatHistory } from "./chat-history-context";
import { groupByDay } from "./group-by-day";
import type { HistoryActions, HistoryItem } from "./history-types";
import { HistoryEntry } from "./history-entry";
import { PlusIcon, SearchIcon } from "./icons";
import { useToast } from "./toaster";

const noSubscribe = () => () => undefined;

/** The history sidebar: New chat, search by title, and the user's chats newest first in day groups. */
export function HistorySidebar({ actions }: { actions: HistoryActions }) {
  const { chats, remove, rename } = useChatHistory();
  const toast = useToast();
  const router = useRouter();
  const pathname = usePathname();
  const [query, setQuery] = useState("");
  const [found, setFound] = useState<{ query: string; chats: HistoryItem[] } | null>(null);
  // Day groups depend on the browser's clock and time zone: the server renders one plain list, the browser groups it.
  const isBrowser = useSyncExternalStore(noSubscribe, () => true, () => false);
  const needle = query.trim().toLowerCase();

  useEffect(() => {
    if (!needle) return;
    // The sidebar holds the latest 200 chats and filters them at once; the server finds older ones.
    const timer = window.setTimeout(async () => {
      const result = await actions.search({ q: needle });
      if (result.status === "ok") setFound({ query: needle, chats: result.data });
    }, 250);
    return () => window.clearTimeout(timer);
  }, [needle, actions]);

  const local = needle ? chats.filter((chat) => chat.title.toLowerCase().includes(needle)) : chats;
  const fromServer = found && found.query === needle ? found.chats.filter((chat) => !local.some((item) => item.id === chat.id) && chat.title.toLowerCase().includes(needle)) : [];
  const visible = [...local, ...fromServer];
  const groups = isBrowser ? groupByDay(visible, new Date()) : [{ group: "Recent", chats: visible }];

  const onRename = async (chat: HistoryItem, title: string) => {
    const result = await actions.rename({ chatId: chat.id, title });
    if (result.status !== "ok") return toast.error(result.message);
    rename(chat.id, result.data.title);
    setFound((current) => current && { ...current, chats: current.chats.map((item) => (item.id === chat.id ? { ...item, title } : item)) });
  };
  const onDelete = async (chat: HistoryItem) => {
    if (!window.confirm(`Delete “${chat.title}”? Its questions, answers and citations are deleted for good.`)) return;
    const result = await actions.remove({ chatId: chat.id });
    if (result.status !== "ok" && result.status !== "not_found") return toast.error(result.message);
    remove(chat.id);
    setFound((current) => current && { ...current, chats: current.chats.filter((item) => item.id !== chat.id) });
    if (pathname === `/chat/${chat.id}`) router.replace("/chat");
  };

  return (
    <nav aria-label="Chat history" className="flex h-full flex-col" data-testid="history-sidebar">
      <div className="space-y-2 p-3">
        <Link
          href="/chat"
          data-testid="new-chat"
          className="flex items-center justify-center gap-2 rounded-lg bg-brand-600 px-3 py-2 text-sm font-medium text-white hover:bg-brand-700"
        >
          <PlusIcon />
          New chat
        </Link>
        <div role="search" className="relative">
          <SearchIcon className="pointer-events-none absolute top-1/2 left-2.5 -translate-y-1/2 text-zinc-500" />
          <input
            type="search"
            value={query}
            onChange={(event) => setQuery(event.target.value)}
            placeholder="Search chats"
            aria-label="Search chats by title"
            data-testid="history-search"
            className="w-full rounded-lg border border-zinc-300 bg-white py-1.5 pr-2 pl-8 text-sm dark:border-zinc-700 dark:bg-zinc-950"
          />
        </div>
      </div>
      <div className="min-h-0 flex-1 overflow-y-auto px-2 pb-4" data-testid="history-list">
        {visible.length === 0 ? (
          <p className="px-2 py-4 text-sm text-zinc-600 dark:text-zinc-400" data-testid="history-empty">
            {needle ? `No chat titles contain “${query.trim()}”.` : "Your chats appear here."}
          </p>
        ) : (
          groups.map(({ group, chats: items }) => (
            <section key={group} aria-label={group} className="mb-3" data-testid="history-group" data-group={group}>
              {isBrowser ? <h2 className="px-2 pt-2 pb-1 text-xs font-medium text-zinc-600 dark:text-zinc-400">{group}</h2> : null}
              <ul>
                {items.map((chat) => (
                  <HistoryEntry key={chat.id} chat={chat} isActive={pathname === `/chat/${chat.id}`} onRename={onRename} onDelete={onDelete} />
                ))}
              </ul>
            </section>
          ))
        )}
      </div>
    </nav>
  );
}
