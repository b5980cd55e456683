import type { Metadata } from "next";
import Link from "next/link";
import { PasteForm } from "@/components/documents/paste-form";
import { UploadForm } from "@/components/documents/upload-form";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Section } from "@/components/ui/section";
import { uploadLimits } from "@/lib/ingest/upload";
import { knowledgeBasePage } from "../../../access";
import { pasteDocumentAction } from "../../../actions";

export const metadata: Metadata = { title: "Add documents" };

export default async function AddDocumentsPage({ params }: { params: Promise<{ slug: string }> }) {
  const { knowledgeBase, canWrite } = await knowledgeBasePage((await params).slug);
  const base = `/knowledge-bases/${knowledgeBase.slug}`;
  const back = (
    <Link href={`${base}/documents`} className="hover:underline">
      ← All documents
    </Link>
  );
  if (!canWrite) {
    return (
      <>
        <PageHeader title="Add documents" description={back} />
        <EmptyState title="Only editors can add documents here" testId="add-documents-forbidden">
          Editors of the team {knowledgeBase.team.name}, and administrators, can upload files and paste text. Ask one of them to add what you need, or to make you an editor.
        </EmptyState>
      </>
    );
  }
  const { maxBytes, maxFiles } = uploadLimits();
  return (
    <>
      <PageHeader
        title="Add documents"
        description={<>{back} · Each document is split into chunks and embedded in the background; the job page shows the progress.</>}
      />
      <Section title="Upload files" testId="upload-section">
        <UploadForm uploadUrl={`${base}/documents/upload`} jobPathPrefix={`${base}/jobs/`} maxBytes={maxBytes} maxFiles={maxFiles} />
      </Section>
      <Section title="Paste text" testId="paste-section">
        <PasteForm action={pasteDocumentAction} knowledgeBase={knowledgeBase.slug} />
      </Section>
    </>
  );
}
