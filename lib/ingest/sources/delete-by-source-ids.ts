import "server-only";
import { jobScope } from "@/lib/auth/system";
import { recordAuditEvent } from "@/lib/db/audit";
import { runStagedJob, type JobHooks, type JobReport } from "./run-staged-job";

/** Deletes documents by their source ids as one job run in this process; unknown ids are reported as failed. */
export async function deleteBySourceIds(knowledgeBase: { id: string }, sourceIds: readonly string[], hooks: JobHooks = {}): Promise<JobReport> {
  const scope = jobScope(knowledgeBase.id, "command-line delete");
  const items = [...new Set(sourceIds)].map((sourceId) => ({ action: "delete" as const, sourceId }));
  const job = await runStagedJob(scope, { kind: "delete", source: "cli", details: { via: "cli" } }, items, hooks);
  await recordAuditEvent({
    action: "knowledge_base.delete_documents",
    actor: null,
    target: { type: "knowledge_base", id: knowledgeBase.id },
    details: { via: "cli", jobId: job.jobId, status: job.status, requested: items.length, counts: { ...job.counts } },
  });
  return job;
}
