"use client";

import Link from "next/link";
import { useState } from "react";
import type { HistoryItem } from "./history-types";
import { PencilIcon, TrashIcon } from "./icons";

interface HistoryEntryProps {
  chat: HistoryItem;
  isActive: boolean;
  onRename: (chat: HistoryItem, title: string) => Promise<void>;
  onDelete: (chat: HistoryItem) => Promise<void>;
}

/** One chat in the sidebar: its link, and rename (inline: Enter saves, Escape cancels) and delete. */
export function HistoryEntry({ chat, isActive, onRename, onDelete }: HistoryEntryProps) {
  const [isEditing, setEditing] = useState(false);
  const [draft, setDraft] = useState(chat.title);

  const save = async () => {
    const title = draft.trim();
    setEditing(false);
    if (title && title !== chat.title) await onRename(chat, title);
  };

  return (
    <li
      className={`group relative flex items-center rounded-lg ${isActive ? "bg-zinc-200 dark:bg-zinc-800" : "hover:bg-zinc-100 dark:hover:bg-zinc-800/60"}`}
      data-testid="history-item"
      data-chat-id={chat.id}
    >
      {isEditing ? (
        <form
          className="flex-1 p-1"
          onSubmit={(event) => {
            event.preventDefault();
            void save();
          }}
        >
          <input
            autoFocus
            value={draft}
            maxLength={120}
            onChange={(event) => setDraft(event.target.value)}
            onBlur={() => void save()}
            onKeyDown={(event) => {
              if (event.key === "Escape") {
                setDraft(chat.title);
                setEditing(false);
              }
            }}
            aria-label="Chat title"
            data-testid="history-rename-input"
            className="w-full rounded-md border border-brand-500 bg-white px-2 py-1 text-sm dark:bg-zinc-950"
          />
        </form>
      ) : (
        <>
          <Link href={`/chat/${chat.id}`} aria-current={isActive ? "page" : undefined} className="min-w-0 flex-1 rounded-lg px-2 py-2 text-sm" data-testid="history-link">
            <span className="block truncate" data-testid="history-title">
              {chat.title}
            </span>
            {chat.knowledgeBaseName ? <span className="block truncate text-xs text-zinc-600 dark:text-zinc-400">{chat.knowledgeBaseName}</span> : null}
          </Link>
          <div className="flex shrink-0 gap-0.5 pr-1 sm:opacity-0 sm:group-focus-within:opacity-100 sm:group-hover:opacity-100">
            <button
              type="button"
              onClick={() => {
                setDraft(chat.title);
                setEditing(true);
              }}
              aria-label={`Rename “${chat.title}”`}
              data-testid="history-rename"
              className="rounded-md p-1.5 text-zinc-600 hover:bg-zinc-200 hover:text-zinc-900 dark:text-zinc-400 dark:hover:bg-zinc-700 dark:hover:text-zinc-100"
            >
              <PencilIcon />
            </button>
            <button
              type="button"
              onClick={() => void onDelete(chat)}
              aria-label={`Delete “${chat.title}”`}
              data-testid="history-delete"
              className="rounded-md p-1.5 text-zinc-600 hover:bg-red-100 hover:text-red-700 dark:text-zinc-400 dark:hover:bg-red-950 dark:hover:text-red-300"
            >
              <TrashIcon />
            </button>
          </div>
        </>
      )}
    </li>
  );
}
