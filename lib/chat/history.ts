import "server-only";
import { authorizeKnowledgeBase, type ActingUser } from "@/lib/auth/authorize";
import { getChat, getMessages } from "@/lib/db/chats";
import { CITATION_METADATA_KEY, type AnswerDetails, type AnswerStatus, type ChatUIMessage, type CitationInfo } from "./message-types";

export interface ChatForPage {
  id: string;
  title: string;
  knowledgeBase: { id: string; slug: string; name: string } | null;
  messages: ChatUIMessage[];
  /** Why the chat cannot take new questions (its knowledge base is gone or no longer readable), if it cannot. */
  readOnlyReason?: string;
}

/** One of the user's chats as the chat page shows it: messages with their citations, and whether it is read-only. */
export async function loadChatForPage(user: ActingUser, chatId: string): Promise<ChatForPage> {
  const chat = await getChat(user, chatId);
  const messages = await getMessages(user, chatId);
  let readOnlyReason: string | undefined;
  if (!chat.knowledgeBase) readOnlyReason = "Its knowledge base was deleted.";
  else if (!(await authorizeKnowledgeBase(user, chat.knowledgeBase.id, "read").then(() => true, () => false))) {
    readOnlyReason = "You can no longer read its knowledge base.";
  }
  return {
    id: chat.id,
    title: chat.title,
    knowledgeBase: chat.knowledgeBase,
    readOnlyReason,
    messages: messages.map((message): ChatUIMessage => {
      if (message.role === "user") return { id: message.id, role: "user", parts: [{ type: "text", text: message.content }] };
      const sources = message.citations.map((citation) => {
        const info: CitationInfo = {
          number: citation.number,
          knowledgeBaseId: citation.knowledgeBaseId,
          documentId: citation.documentId,
          chunkId: String(citation.chunkId ?? ""),
          sourceId: citation.sourceId,
          title: citation.title,
          context: "",
          text: citation.text,
          startOffset: citation.startOffset,
          endOffset: citation.endOffset,
          score: citation.score,
          relevance: citation.score,
          isCited: citation.isCited,
          isNearest: message.status === "refused",
        };
        return {
          type: "source-document" as const,
          sourceId: `chunk-${info.chunkId}`,
          mediaType: "text/plain",
          title: info.title,
          providerMetadata: { [CITATION_METADATA_KEY]: { ...info } },
        };
      });
      return {
        id: message.id,
        role: "assistant",
        metadata: {
          status: message.status as AnswerStatus,
          ...(message.error ? { error: message.error } : {}),
          details: message.details as unknown as AnswerDetails,
          createdAt: message.createdAt.toISOString(),
        },
        parts: [...sources, { type: "text", text: message.content }],
      };
    }),
  };
}
