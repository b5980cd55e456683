import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { cache } from "react";
import { ChatView } from "@/components/chat/chat-view";
import { requireUser } from "@/lib/auth/session";
import { loadChatForPage } from "@/lib/chat/history";
import { getFeedbackForMessages } from "@/lib/db/feedback";
import { AppError } from "@/lib/errors";
import { MAX_QUESTION_LENGTH } from "../../api/chat/schema";
import { readableKnowledgeBases } from "../knowledge-bases";

// One of the user's own chats. Anyone else's chat id (admins included) is a 404, as an id that does not exist.
const loadChat = cache(async (chatId: string) => {
  const user = await requireUser();
  const chat = await loadChatForPage(user, chatId).catch((error: unknown) => {
    if (error instanceof AppError && error.code === "not_found") notFound();
    throw error;
  });
  return { user, chat };
});

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  const { chat } = await loadChat((await params).id);
  return { title: chat.title };
}

export default async function ChatPage({ params }: { params: Promise<{ id: string }> }) {
  const { user, chat } = await loadChat((await params).id);
  const [bases, feedback] = await Promise.all([
    readableKnowledgeBases(user),
    getFeedbackForMessages(user, chat.messages.filter((message) => message.role === "assistant").map((message) => message.id)),
  ]);
  return (
    <ChatView
      key={chat.id}
      chat={{ id: chat.id, title: chat.title, knowledgeBase: chat.knowledgeBase, ...(chat.readOnlyReason ? { readOnlyReason: chat.readOnlyReason } : {}) }}
      initialMessages={chat.messages}
      knowledgeBases={bases}
      feedback={feedback}
      maxQuestionLength={MAX_QUESTION_LENGTH}
    />
  );
}
