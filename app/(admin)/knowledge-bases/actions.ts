"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { authedAction } from "@/lib/auth/action";
import type { KnowledgeBaseScope } from "@/lib/auth/scope";
import { getJob } from "@/lib/db/ingestion-jobs";
import { AppError } from "@/lib/errors";
import { cancelJob, retryFailed, submitDeletions, submitDocuments } from "@/lib/ingest/submit";
import { validateDocument } from "@/lib/ingest/validate";
import { authorizeEditor } from "./access";
import { deleteDocumentSchema, deleteDocumentsSchema, jobActionSchema, pasteDocumentSchema } from "./schema";

// The editor-facing document actions. Each one authorizes the write itself (a "use server" export is a public endpoint).

export const deleteDocumentsAction = authedAction(deleteDocumentsSchema, async ({ user, input }) => {
  const { scope, slug } = await authorizeEditor(user, input.knowledgeBase);
  const deleted = await deleteNow(scope, input.sourceIds, user.id);
  revalidatePath(`/knowledge-bases/${slug}`, "layout");
  const gone = input.sourceIds.length - deleted;
  return { message: `Deleted ${deleted} document${deleted === 1 ? "" : "s"}.${gone > 0 ? ` ${gone} had already been deleted.` : ""}` };
});

export const deleteDocumentAction = authedAction(deleteDocumentSchema, async ({ user, input }) => {
  const { scope, slug } = await authorizeEditor(user, input.knowledgeBase);
  await deleteNow(scope, [input.sourceId], user.id);
  revalidatePath(`/knowledge-bases/${slug}`, "layout");
  redirect(`/knowledge-bases/${slug}/documents?deleted=${encodeURIComponent(input.sourceId)}`);
});

export const pasteDocumentAction = authedAction(pasteDocumentSchema, async ({ user, input }) => {
  const { scope, slug } = await authorizeEditor(user, input.knowledgeBase);
  const document = validateDocument({ sourceId: input.sourceId, title: input.title, content: input.content, metadata: {} }, { fieldNames: { sourceId: "id" } });
  if ("message" in document) throw new AppError("invalid_input", document.message);
  const jobId = await submitDocuments(scope, [document], { source: "paste", details: { title: document.title }, createdById: user.id });
  redirect(`/knowledge-bases/${slug}/jobs/${jobId}`);
});

export const cancelJobAction = authedAction(jobActionSchema, async ({ user, input }) => {
  const { scope } = await authorizeEditor(user, input.knowledgeBase);
  const job = await getJob(scope, input.jobId);
  if (job.status !== "queued" && job.status !== "running") throw new AppError("conflict", `This job has already ${job.status === "cancelled" ? "been cancelled" : job.status}; there is nothing to cancel.`);
  await cancelJob(scope, input.jobId);
  return {
    message:
      job.status === "queued"
        ? "Cancelled before it started: nothing was changed."
        : "Cancelling: the job stops after its current batch. Documents already done stay; upload the rest again when you are ready.",
  };
});

export const retryJobAction = authedAction(jobActionSchema, async ({ user, input }) => {
  const { scope, slug } = await authorizeEditor(user, input.knowledgeBase);
  const jobId = await retryFailed(scope, input.jobId, user.id);
  redirect(`/knowledge-bases/${slug}/jobs/${jobId}`);
});

/** Deletes at once (a deletion is quick), so the list is up to date when the page reloads; returns how many existed. */
async function deleteNow(scope: KnowledgeBaseScope, sourceIds: string[], userId: string): Promise<number> {
  // JobSource has no value for the web pages yet; "upload" marks the editor-facing UI, `details.origin` says where exactly.
  const jobId = await submitDeletions(scope, sourceIds, { source: "web", createdById: userId, runInline: true });
  const job = await getJob(scope, jobId);
  if (job.status === "failed") throw new AppError("conflict", `The documents could not be deleted: ${job.error ?? "the job failed"}. Try again in a moment.`);
  return (job.counts as Record<string, number>).deleted ?? 0;
}
