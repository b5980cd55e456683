import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { FeedbackList } from "@/components/chat/feedback-list";
import { plural } from "@/components/documents/format";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Pagination } from "@/components/ui/pagination";
import { listFeedback, type FeedbackRating } from "@/lib/db/feedback";
import { knowledgeBasePage } from "../../access";

export const metadata: Metadata = { title: "Feedback" };

const FILTERS = [
  { key: "all", label: "All", rating: undefined, adjective: "" },
  { key: "up", label: "👍 Helpful", rating: 1, adjective: "helpful" },
  { key: "down", label: "👎 Not helpful", rating: -1, adjective: "not helpful" },
] as const satisfies readonly { key: string; label: string; rating: FeedbackRating | undefined; adjective: string }[];

// The rated answers of one knowledge base, for its editors and admins only: readers and everyone else get a 404.
export default async function FeedbackPage({
  params,
  searchParams,
}: {
  params: Promise<{ slug: string }>;
  searchParams: Promise<{ rating?: string; page?: string }>;
}) {
  const { slug } = await params;
  const { rating, page } = await searchParams;
  const { writeScope, knowledgeBase } = await knowledgeBasePage(slug);
  if (!writeScope) notFound();
  const filter = FILTERS.find((candidate) => candidate.key === rating) ?? FILTERS[0];
  const feedback = await listFeedback(writeScope, { rating: filter.rating, page: Number(page) || 1 });
  const base = `/knowledge-bases/${knowledgeBase.slug}`;
  const who = knowledgeBase.showFeedbackIdentity
    ? "Each shows who gave it."
    : "Who gave it is not shown; an administrator can change that in the knowledge base's settings.";

  return (
    <>
      <PageHeader
        title="Feedback"
        description={`${plural(feedback.total, "rated answer")}${filter.rating ? ` (${filter.adjective})` : ""} from chats with ${knowledgeBase.name}, newest first. ${who}`}
      />
      <nav aria-label="Filter by rating" className="mb-4 flex flex-wrap gap-2 text-sm">
        {FILTERS.map((candidate) => {
          const isCurrent = candidate.key === filter.key;
          return (
            <Link
              key={candidate.key}
              href={candidate.key === "all" ? `${base}/feedback` : `${base}/feedback?rating=${candidate.key}`}
              aria-current={isCurrent ? "page" : undefined}
              className={`rounded-full border px-3 py-1 ${isCurrent ? "border-brand-600 bg-brand-600 text-white" : "border-zinc-300 hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800"}`}
              data-testid={`feedback-filter-${candidate.key}`}
            >
              {candidate.label}
            </Link>
          );
        })}
      </nav>
      {feedback.items.length === 0 ? (
        <EmptyState title={filter.rating ? `No answers rated ${filter.adjective} yet` : "No feedback yet"} testId="feedback-empty">
          When people rate an answer from {knowledgeBase.name} with 👍 or 👎, it appears here with its question, the documents it cited and any
          comment, so you can see which documents need work.
        </EmptyState>
      ) : (
        <FeedbackList
          items={feedback.items.map((item) => ({
            id: item.id,
            rating: item.rating,
            comment: item.comment,
            time: item.updatedAt.toISOString(),
            question: item.question,
            answer: item.answer,
            answerStatus: item.answerStatus,
            documents: item.citedDocuments.map((document) => ({
              key: document.documentId ?? `source:${document.sourceId}`,
              title: document.title,
              sourceId: document.sourceId,
              href: document.documentId ? `${base}/documents/${document.documentId}` : null,
            })),
            userEmail: item.userEmail,
          }))}
        />
      )}
      <Pagination page={feedback.page} pageCount={feedback.pageCount} basePath={`${base}/feedback`} params={{ rating: filter.rating ? filter.key : undefined }} />
    </>
  );
}
