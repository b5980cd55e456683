"use client";

import { useChatHistory } from "./chat-history-context";
import { HostedMarker } from "./hosted-marker";
import { LockIcon, MenuIcon } from "./icons";

/** Above the conversation: the history button (narrow screens), the chat's title, and its knowledge base. */
export function ChatTopBar({ title, isHeading, knowledgeBaseName, isLocked, isHosted }: { title: string; isHeading: boolean; knowledgeBaseName: string | null; isLocked: boolean; isHosted: boolean }) {
  const { setDrawerOpen } = useChatHistory();
  const Title = isHeading ? "h1" : "p";
  return (
    <div className="flex h-12 shrink-0 items-center gap-2 border-b border-zinc-200 bg-white px-3 dark:border-zinc-800 dark:bg-zinc-900">
      <button
        type="button"
        onClick={() => setDrawerOpen(true)}
        className="inline-flex items-center gap-1.5 rounded-md px-2 py-1.5 text-sm hover:bg-zinc-100 lg:hidden dark:hover:bg-zinc-800"
        data-testid="history-open"
      >
        <MenuIcon />
        Chats
      </button>
      <Title className="min-w-0 flex-1 truncate text-sm font-medium" data-testid="chat-title">
        {title}
      </Title>
      {knowledgeBaseName ? (
        <span
          className="inline-flex max-w-[45%] shrink-0 items-center gap-1 rounded-full bg-zinc-100 px-2.5 py-1 text-xs text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300"
          title={isLocked ? "A chat keeps the knowledge base it started with. Start a new chat to ask another one." : "The knowledge base this chat will ask"}
          data-testid="chat-kb"
          data-locked={isLocked}
        >
          {isLocked ? <LockIcon width={12} height={12} /> : null}
          <span className="truncate">{knowledgeBaseName}</span>
        </span>
      ) : null}
      {knowledgeBaseName && isHosted ? <HostedMarker /> : null}
    </div>
  );
}
