"use client";

import { useEffect, useRef, type ReactNode } from "react";
import { ChatHistoryProvider, useChatHistory } from "./chat-history-context";
import { HistorySidebar } from "./history-sidebar";
import type { HistoryActions, HistoryItem } from "./history-types";
import { CloseIcon } from "./icons";
import { ToastProvider } from "./toaster";

/**
 * The chat pages' frame below the header: the history sidebar (a drawer on narrow screens) beside the chat. It fills
 * the viewport under the 3.5rem header; the chat scrolls inside it.
 */
export function ChatShell({ initialChats, actions, children }: { initialChats: HistoryItem[]; actions: HistoryActions; children: ReactNode }) {
  return (
    <ToastProvider>
      <ChatHistoryProvider initialChats={initialChats}>
        <div className="flex h-[calc(100dvh-3.5rem)]">
          <aside className="hidden w-72 shrink-0 border-r border-zinc-200 bg-white lg:block dark:border-zinc-800 dark:bg-zinc-900">
            <HistorySidebar actions={actions} />
          </aside>
          <HistoryDrawer actions={actions} />
          <div className="flex min-w-0 flex-1 flex-col">{children}</div>
        </div>
      </ChatHistoryProvider>
    </ToastProvider>
  );
}

/** On narrow screens the history opens as a modal drawer from the left (Escape or the backdrop closes it). */
function HistoryDrawer({ actions }: { actions: HistoryActions }) {
  const { isDrawerOpen, setDrawerOpen } = useChatHistory();
  const dialogRef = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = dialogRef.current;
    if (!dialog) return;
    if (isDrawerOpen && !dialog.open) dialog.showModal();
    if (!isDrawerOpen && dialog.open) dialog.close();
  }, [isDrawerOpen]);
  return (
    <dialog
      ref={dialogRef}
      onClose={() => setDrawerOpen(false)}
      onClick={(event) => {
        if (event.target === dialogRef.current) setDrawerOpen(false);
      }}
      aria-label="Chat history"
      data-testid="history-drawer"
      className="fixed inset-y-0 left-0 m-0 h-dvh max-h-none w-[85vw] max-w-80 bg-white p-0 text-zinc-900 shadow-2xl backdrop:bg-zinc-950/40 lg:hidden dark:bg-zinc-900 dark:text-zinc-100"
    >
      {isDrawerOpen ? (
        <div className="flex h-full flex-col">
          <div className="flex items-center justify-between border-b border-zinc-200 px-3 py-2 dark:border-zinc-800">
            <span className="text-sm font-medium">Chats</span>
            <button type="button" onClick={() => setDrawerOpen(false)} aria-label="Close chat history" className="rounded-md p-2 hover:bg-zinc-100 dark:hover:bg-zinc-800">
              <CloseIcon />
            </button>
          </div>
          <div className="min-h-0 flex-1">
            <HistorySidebar actions={actions} />
          </div>
        </div>
      ) : null}
    </dialog>
  );
}
