import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { EmbeddedBadge } from "@/components/documents/badges";
import { ChunkViewer } from "@/components/documents/chunk-viewer";
import { formatUtc } from "@/components/documents/format";
import { ActionForm } from "@/components/ui/action-form";
import { Button } from "@/components/ui/button";
import { PageHeader } from "@/components/ui/page-header";
import { getDocument } from "@/lib/db/documents";
import { AppError } from "@/lib/errors";
import { knowledgeBasePage } from "../../../access";
import { deleteDocumentAction } from "../../../actions";

export const metadata: Metadata = { title: "Document" };

export default async function DocumentPage({
  params,
  searchParams,
}: {
  params: Promise<{ slug: string; documentId: string }>;
  searchParams: Promise<{ chunk?: string }>;
}) {
  const { slug, documentId } = await params;
  const { chunk } = await searchParams;
  const { scope, knowledgeBase, canWrite } = await knowledgeBasePage(slug);
  const document = await getDocument(scope, { id: documentId }).catch((error: unknown) => {
    if (error instanceof AppError && error.code === "not_found") notFound();
    throw error;
  });
  const metadataText = JSON.stringify(document.metadata, null, 2);
  const hasMetadata = metadataText !== "{}";

  return (
    <>
      <PageHeader
        title={document.title}
        description={
          <Link href={`/knowledge-bases/${knowledgeBase.slug}/documents`} className="hover:underline" data-testid="back-to-documents">
            ← All documents
          </Link>
        }
        actions={
          canWrite ? (
            <ActionForm action={deleteDocumentAction} confirmText={`Delete “${document.title}” with its chunks and vectors? This cannot be undone.`} testId="delete-document-form">
              <input type="hidden" name="knowledgeBase" value={knowledgeBase.slug} />
              <input type="hidden" name="sourceId" value={document.sourceId} />
              <Button variant="danger" type="submit" data-testid="delete-document">Delete document</Button>
            </ActionForm>
          ) : null
        }
      />
      <dl className="mb-6 grid gap-x-6 gap-y-2 text-sm sm:grid-cols-[auto_1fr]" data-testid="document-facts">
        <dt className="text-zinc-600 dark:text-zinc-400">Id</dt>
        <dd><code className="break-all" data-testid="document-source-id">{document.sourceId}</code></dd>
        <dt className="text-zinc-600 dark:text-zinc-400">Version</dt>
        <dd data-testid="document-version">{document.version}</dd>
        <dt className="text-zinc-600 dark:text-zinc-400">Updated</dt>
        <dd><time dateTime={document.updatedAt.toISOString()}>{formatUtc(document.updatedAt)}</time></dd>
        <dt className="text-zinc-600 dark:text-zinc-400">Vectors</dt>
        <dd><EmbeddedBadge isEmbedded={document.embeddedAt !== null} testId="document-embedded" /></dd>
        <dt className="text-zinc-600 dark:text-zinc-400">Metadata</dt>
        <dd>
          {hasMetadata ? (
            <pre className="max-h-48 overflow-auto rounded-lg bg-zinc-100 p-2 text-xs dark:bg-zinc-800" data-testid="document-metadata">{metadataText}</pre>
          ) : (
            <span className="text-zinc-500">none</span>
          )}
        </dd>
      </dl>
      <ChunkViewer
        content={document.content}
        initialOrdinal={chunk === undefined ? undefined : Number(chunk)}
        chunks={document.chunks.map(({ ordinal, startOffset, endOffset, tokenCount, embeddingDim }) => ({
          ordinal,
          startOffset,
          endOffset,
          tokenCount,
          isEmbedded: embeddingDim !== null,
        }))}
      />
    </>
  );
}
