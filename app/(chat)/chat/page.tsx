import type { Metadata } from "next";
import { EmptyState } from "@/components/ui/empty-state";
import { requireUser } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Chat" };

export default async function ChatPage() {
  await requireUser();
  return (
    <main className="mx-auto max-w-3xl px-4 py-16">
      <EmptyState title="No knowledge bases yet" testId="chat-empty-state">
        An admin creates a knowledge base for your team and adds its documents; then you can ask questions here.
      </EmptyState>
    </main>
  );
}
