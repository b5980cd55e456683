import type { HistoryItem } from "@/components/chat/history-types";

/** A chat as the history sidebar lists it (dates as ISO strings: they cross to the browser). */
export function toHistoryItem(chat: { id: string; title: string; updatedAt: Date; knowledgeBase: { name: string } | null }): HistoryItem {
  return { id: chat.id, title: chat.title, updatedAt: chat.updatedAt.toISOString(), knowledgeBaseName: chat.knowledgeBase?.name ?? null };
}
