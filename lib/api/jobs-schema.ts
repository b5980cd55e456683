import { z } from "zod";

// The wire format of ingestion jobs as the REST API shows them (see documents-schema.ts for why schemas).

const timestamp = z.string().meta({ format: "date-time" });
const count = z.int().min(0);

export const jobStatusSchema = z.enum(["queued", "running", "succeeded", "failed", "cancelled"]);

export const jobSchema = z.object({
  id: z.string().meta({ format: "uuid" }),
  kind: z.string().meta({ description: "import, delete, backfill or reembed." }),
  source: z.string().meta({ description: "What started it: api, upload, paste, sql or cli." }),
  status: jobStatusSchema,
  total: count,
  processed: count,
  counts: z.object({ added: count, replaced: count, unchanged: count, deleted: count, failed: count }),
  error: z.string().nullable().meta({ description: "Why the job failed, or a warning (e.g. stored without vectors)." }),
  cancelRequested: z.boolean(),
  failures: z
    .array(z.object({ ordinal: count.meta({ description: "0-based position in the job: documents first, then deletions." }), sourceId: z.string(), reason: z.string().nullable() }))
    .meta({ description: "The first 100 items that failed." }),
  createdAt: timestamp,
  startedAt: timestamp.nullable(),
  finishedAt: timestamp.nullable(),
  updatedAt: timestamp,
  links: z.object({ self: z.string(), cancel: z.string(), retry: z.string() }),
});

/** 202 answer: a job was staged and will run in the background. */
export const jobAcceptedSchema = z.object({
  jobId: z.string().meta({ format: "uuid" }),
  status: jobStatusSchema,
  total: count,
  links: z.object({ job: z.string().meta({ description: "Poll this for progress; also in the Location header." }) }),
});

export type JobResource = z.infer<typeof jobSchema>;
export type JobAccepted = z.infer<typeof jobAcceptedSchema>;
