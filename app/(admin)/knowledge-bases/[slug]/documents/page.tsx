import type { Metadata } from "next";
import Link from "next/link";
import { DocumentTable } from "@/components/documents/document-table";
import { plural } from "@/components/documents/format";
import { RecentJobs } from "@/components/documents/recent-jobs";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Pagination } from "@/components/ui/pagination";
import { SearchForm } from "@/components/ui/search-form";
import { Section } from "@/components/ui/section";
import { listDocuments } from "@/lib/db/documents";
import { listJobs } from "@/lib/db/ingestion-jobs";
import { knowledgeBasePage } from "../../access";
import { deleteDocumentsAction } from "../../actions";

export const metadata: Metadata = { title: "Documents" };

const PAGE_SIZE = 25;
const addLinkClass = "rounded-lg bg-brand-600 px-3 py-2 text-sm font-medium text-white hover:bg-brand-700";

export default async function DocumentsPage({
  params,
  searchParams,
}: {
  params: Promise<{ slug: string }>;
  searchParams: Promise<{ q?: string; page?: string; deleted?: string }>;
}) {
  const { slug } = await params;
  const { q, page, deleted } = await searchParams;
  const { scope, knowledgeBase, canWrite } = await knowledgeBasePage(slug);
  const base = `/knowledge-bases/${knowledgeBase.slug}`;
  const query = q?.trim() || undefined;
  const [documents, jobs] = await Promise.all([listDocuments(scope, { q: query, page: Number(page) || 1, pageSize: PAGE_SIZE }), listJobs(scope, 5)]);
  const addLink = canWrite ? (
    <Link href={`${base}/documents/new`} className={addLinkClass} data-testid="add-documents-link">
      Upload files or paste text
    </Link>
  ) : null;

  return (
    <>
      <PageHeader
        title="Documents"
        description={`${plural(documents.total, "document")}${query ? ` matching “${query}”` : ""} in ${knowledgeBase.name}. Answers are grounded only in these.`}
        actions={addLink}
      />
      {deleted ? (
        <p role="status" className="mb-4 text-sm text-emerald-700 dark:text-emerald-400" data-testid="deleted-notice">
          Deleted “{deleted}” with its chunks and vectors.
        </p>
      ) : null}
      <div className="mb-3">
        <SearchForm placeholder="Search by title or id" defaultValue={query} />
      </div>
      {documents.items.length === 0 ? (
        query ? (
          <EmptyState title={`No document matches “${query}”`} testId="documents-empty">
            The search looks in titles and ids. <Link className="underline" href={`${base}/documents`}>Clear the search</Link> to see every document.
          </EmptyState>
        ) : (
          <EmptyState title="No documents yet — upload files or paste text" testId="documents-empty">
            {canWrite ? (
              <div className="mt-3 flex flex-col items-center gap-3">
                <p>Add PDFs, Word files, Markdown, text, HTML, or JSON, JSON Lines and CSV exports with one document per row.</p>
                {addLink}
              </div>
            ) : (
              <>Editors of the team {knowledgeBase.team.name}, and administrators, can add documents. Ask one of them to add what you need.</>
            )}
          </EmptyState>
        )
      ) : (
        <DocumentTable
          knowledgeBase={knowledgeBase.slug}
          deleteAction={canWrite ? deleteDocumentsAction : undefined}
          rows={documents.items.map((document) => ({
            id: document.id,
            href: `${base}/documents/${document.id}`,
            sourceId: document.sourceId,
            title: document.title,
            version: document.version,
            chunkCount: document._count.chunks,
            isEmbedded: document.embeddedAt !== null,
            updatedAt: document.updatedAt.toISOString(),
          }))}
        />
      )}
      <Pagination page={documents.page} pageCount={documents.pageCount} basePath={`${base}/documents`} params={{ q: query }} />
      <div className="mt-8">
        <Section title="Recent jobs" testId="recent-jobs-panel">
          <RecentJobs
            jobs={jobs.map((job) => ({
              id: job.id,
              href: `${base}/jobs/${job.id}`,
              kind: job.kind,
              source: job.source,
              status: job.status,
              total: job.total,
              processed: job.processed,
              counts: job.counts as Record<string, number>,
              createdAt: job.createdAt.toISOString(),
            }))}
          />
        </Section>
      </div>
    </>
  );
}
