import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { formatUtc } from "@/components/documents/format";
import { JobProgress } from "@/components/documents/job-progress";
import { jobLabel } from "@/components/documents/job-view";
import { RejectedList } from "@/components/documents/rejected-list";
import { PageHeader } from "@/components/ui/page-header";
import { Section } from "@/components/ui/section";
import { getJob } from "@/lib/db/ingestion-jobs";
import { AppError } from "@/lib/errors";
import { knowledgeBasePage } from "../../../access";
import { cancelJobAction, retryJobAction } from "../../../actions";
import { toJobView, uploadDetails } from "../job-view";

export const metadata: Metadata = { title: "Job" };

export default async function JobPage({ params }: { params: Promise<{ slug: string; jobId: string }> }) {
  const { slug, jobId } = await params;
  const { scope, knowledgeBase, canWrite } = await knowledgeBasePage(slug);
  const job = await getJob(scope, jobId).catch((error: unknown) => {
    if (error instanceof AppError && error.code === "not_found") notFound();
    throw error;
  });
  const base = `/knowledge-bases/${knowledgeBase.slug}`;
  const { files, rejected, rejectedCount } = uploadDetails(job);
  return (
    <>
      <PageHeader
        title={jobLabel(job.kind, job.source)}
        description={
          <>
            <Link href={`${base}/documents`} className="hover:underline">← All documents</Link> · started{" "}
            <time dateTime={job.createdAt.toISOString()}>{formatUtc(job.createdAt)}</time>
            {files.length > 0 ? <> · {files.map((file) => `${file.name} (${file.accepted})`).join(", ")}</> : null}
          </>
        }
      />
      <Section title="Progress" testId="job-section">
        <JobProgress
          initial={toJobView(job)}
          statusUrl={`${base}/jobs/${job.id}/status`}
          documentsHref={`${base}/documents`}
          knowledgeBase={knowledgeBase.slug}
          actions={canWrite ? { cancel: cancelJobAction, retry: retryJobAction } : undefined}
        />
      </Section>
      {rejected.length > 0 ? (
        <Section title="Rejected at upload" testId="job-rejected-section">
          <RejectedList rejected={rejected} total={rejectedCount} />
        </Section>
      ) : null}
    </>
  );
}
