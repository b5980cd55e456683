import type { ActionResult } from "@/lib/auth/action";

/** A chat as the history sidebar lists it. */
export interface HistoryItem {
  id: string;
  title: string;
  /** ISO time of the last question or answer. */
  updatedAt: string;
  knowledgeBaseName: string | null;
}

/** A knowledge base the user may ask, as the picker shows it. */
export interface KnowledgeBaseOption {
  id: string;
  slug: string;
  name: string;
  teamName: string;
  /** Its answers come from a hosted model (personal details masked first). */
  isHosted: boolean;
}

/** The sidebar's server actions (app/(chat)/chat/actions.ts), handed down by the layout. */
export interface HistoryActions {
  rename: (input: { chatId: string; title: string }) => Promise<ActionResult<{ title: string }>>;
  remove: (input: { chatId: string }) => Promise<ActionResult<unknown>>;
  search: (input: { q: string }) => Promise<ActionResult<HistoryItem[]>>;
}
