import type { Metadata } from "next";
import { cookies } from "next/headers";
import { LAST_KNOWLEDGE_BASE_COOKIE } from "@/components/chat/chat-ids";
import { NewChat } from "@/components/chat/new-chat";
import { EmptyState } from "@/components/ui/empty-state";
import { requireUser } from "@/lib/auth/session";
import { MAX_QUESTION_LENGTH } from "../api/chat/schema";
import { readableKnowledgeBases } from "./knowledge-bases";

export const metadata: Metadata = { title: "New chat" };

/** A new chat: pick a knowledge base (the last one used is preselected) and ask. */
export default async function NewChatPage() {
  const user = await requireUser();
  const bases = await readableKnowledgeBases(user);
  if (bases.length === 0) {
    return (
      <main className="mx-auto w-full max-w-3xl px-4 py-10">
        <EmptyState title="No knowledge bases yet" testId="chat-empty-state">
          {user.role === "admin"
            ? "Create a team and a knowledge base under Administration, then add its documents."
            : "Ask an admin to add you to a team; its knowledge bases then appear here."}
        </EmptyState>
      </main>
    );
  }
  const remembered = (await cookies()).get(LAST_KNOWLEDGE_BASE_COOKIE)?.value;
  const defaultKnowledgeBaseId = bases.some((kb) => kb.id === remembered) ? remembered : bases[0]!.id;
  return <NewChat initialMessages={[]} knowledgeBases={bases} defaultKnowledgeBaseId={defaultKnowledgeBaseId} maxQuestionLength={MAX_QUESTION_LENGTH} />;
}
