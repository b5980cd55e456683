import type { Metadata } from "next";
import Link from "next/link";
import { EmptyState } from "@/components/ui/empty-state";
import { authorizedKnowledgeBases } from "@/lib/auth/authorize";
import { requireUser } from "@/lib/auth/session";
import { listKnowledgeBases } from "@/lib/db/knowledge-bases";

export const metadata: Metadata = { title: "Chat" };

export default async function ChatPage() {
  const user = await requireUser();
  const bases = await listKnowledgeBases(await authorizedKnowledgeBases(user, "read"));
  return (
    <main className="mx-auto max-w-3xl px-4 py-10">
      {bases.length === 0 ? (
        <EmptyState title="No knowledge bases yet" testId="chat-empty-state">
          {user.role === "admin"
            ? "Create a team and a knowledge base under Administration, then add its documents."
            : "Ask an admin to add you to a team; its knowledge bases then appear here."}
        </EmptyState>
      ) : (
        <>
          <h1 className="mb-4 text-lg font-semibold">Your knowledge bases</h1>
          <ul className="grid gap-3 sm:grid-cols-2" data-testid="kb-options">
            {bases.map((kb) => (
              <li key={kb.id} className="rounded-xl border border-zinc-200 bg-white p-4 dark:border-zinc-800 dark:bg-zinc-900" data-testid="kb-option" data-slug={kb.slug}>
                <p className="font-medium">{kb.name}</p>
                <p className="text-xs text-zinc-600 dark:text-zinc-400">
                  {kb.slug} · team {kb.team.name}
                </p>
                <Link href={`/knowledge-bases/${kb.slug}/documents`} className="mt-2 inline-block text-sm underline" data-testid="kb-documents-link">
                  Documents
                </Link>
              </li>
            ))}
          </ul>
        </>
      )}
    </main>
  );
}
