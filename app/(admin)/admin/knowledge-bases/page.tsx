import type { Metadata } from "next";
import Link from "next/link";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Pagination } from "@/components/ui/pagination";
import { SearchForm } from "@/components/ui/search-form";
import { listAllKnowledgeBases } from "@/lib/db/knowledge-bases";
import { adminPageScope } from "../require-admin";

export const metadata: Metadata = { title: "Knowledge bases" };

export default async function KnowledgeBasesPage({ searchParams }: { searchParams: Promise<{ q?: string; page?: string }> }) {
  const { admin } = await adminPageScope();
  const { q, page } = await searchParams;
  const bases = await listAllKnowledgeBases(admin, { q, page: Number(page) || 1 });
  return (
    <>
      <PageHeader
        title="Knowledge bases"
        description="One per team and subject; each is isolated by its namespace."
        actions={
          <Link href="/admin/knowledge-bases/new" className="rounded-lg bg-brand-600 px-3 py-2 text-sm font-medium text-white hover:bg-brand-700" data-testid="new-kb-link">
            New knowledge base
          </Link>
        }
      />
      <div className="mb-3">
        <SearchForm placeholder="Search by name or namespace" defaultValue={q} />
      </div>
      {bases.items.length === 0 ? (
        <EmptyState title={q ? `No knowledge base matches “${q}”` : "No knowledge bases yet"} testId="kb-empty">
          {q ? null : <>Create a team first, then a knowledge base for it, and add its documents.</>}
        </EmptyState>
      ) : (
        <ul className="divide-y divide-zinc-200 rounded-xl border border-zinc-200 bg-white dark:divide-zinc-800 dark:border-zinc-800 dark:bg-zinc-900" data-testid="kb-list">
          {bases.items.map((kb) => (
            <li key={kb.id} className="flex flex-wrap items-center justify-between gap-2 p-4">
              <div>
                <Link href={`/admin/knowledge-bases/${kb.id}`} className="font-medium hover:underline" data-testid="kb-link">
                  {kb.name}
                </Link>
                <p className="text-xs text-zinc-600 dark:text-zinc-400">
                  {kb.slug} · team {kb.team.name} · {kb._count.documents} document(s)
                </p>
              </div>
              <span className="text-xs text-zinc-500">
                {kb.modelLocation === "hosted" ? <strong data-testid="kb-list-hosted">hosted · </strong> : null}
                {kb.chatModel} · {kb.embeddingModel}
              </span>
            </li>
          ))}
        </ul>
      )}
      <Pagination page={bases.page} pageCount={bases.pageCount} basePath="/admin/knowledge-bases" params={{ q }} />
    </>
  );
}
