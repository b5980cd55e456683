import Link from "next/link";
import type { ReactNode } from "react";
import { knowledgeBasePage } from "../access";

export default async function KnowledgeBaseLayout({ children, params }: { children: ReactNode; params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { knowledgeBase, canWrite } = await knowledgeBasePage(slug);
  const base = `/knowledge-bases/${knowledgeBase.slug}`;
  const link = "rounded-md px-3 py-1.5 text-sm hover:bg-zinc-100 dark:hover:bg-zinc-800";
  return (
    <div className="mx-auto max-w-6xl px-4 py-6">
      <div className="mb-6 flex flex-wrap items-center justify-between gap-3 border-b border-zinc-200 pb-3 dark:border-zinc-800">
        <p className="text-sm text-zinc-600 dark:text-zinc-400">
          <Link href="/chat" className="hover:underline">Your knowledge bases</Link> / <span className="font-medium text-zinc-900 dark:text-zinc-100" data-testid="kb-name">{knowledgeBase.name}</span>{" "}
          <span className="text-xs">· team {knowledgeBase.team.name} · you may {canWrite ? "read and edit" : "read"}</span>
        </p>
        <nav aria-label="Knowledge base" className="flex flex-wrap gap-1">
          <Link className={link} href={`${base}/documents`} data-testid="kb-nav-documents">Documents</Link>
          {canWrite ? <Link className={link} href={`${base}/documents/new`} data-testid="kb-nav-add">Add documents</Link> : null}
          {canWrite ? <Link className={link} href={`${base}/feedback`} data-testid="kb-nav-feedback">Feedback</Link> : null}
          {canWrite ? <Link className={link} href={`${base}/evaluation`} data-testid="kb-nav-evaluation">Evaluation</Link> : null}
        </nav>
      </div>
      <main className="min-w-0">{children}</main>
    </div>
  );
}
