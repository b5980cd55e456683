import type { Metadata } from "next";
import { signOutAction } from "@/app/(chat)/actions";
import { requireUser } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Chat" };

export default async function ChatPage() {
  const user = await requireUser();
  return (
    <main className="mx-auto flex min-h-dvh max-w-3xl flex-col px-4 py-8">
      <header className="flex items-center justify-between">
        <h1 className="text-xl font-semibold">Enclave</h1>
        <form action={signOutAction}>
          <span className="mr-3 text-sm text-zinc-600 dark:text-zinc-400" data-testid="current-user">
            {user.email}
          </span>
          <button type="submit" className="rounded-lg border border-zinc-300 px-3 py-1.5 text-sm dark:border-zinc-700">
            Sign out
          </button>
        </form>
      </header>
      <section className="mt-24 text-center" data-testid="chat-empty-state">
        <h2 className="text-lg font-medium">No knowledge bases yet</h2>
        <p className="mt-2 text-zinc-600 dark:text-zinc-400">
          An admin creates a knowledge base for your team and adds its documents; then you can ask questions here.
        </p>
      </section>
    </main>
  );
}
