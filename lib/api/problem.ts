import { z } from "zod";

// API failures AppError has no code for: a body in the wrong media type (415), a malformed body or query (400),
// well-formed JSON that is not acceptable documents (422), a document the ingestion gave up on (500). As with AppError
// the message is safe to show; the fields go beside code and message so a client can point at what to fix.

export type ApiProblemCode = "unsupported_media_type" | "invalid_json" | "invalid_query" | "invalid_document" | "invalid_documents" | "duplicate_ids" | "ingest_failed";

const STATUS: Record<ApiProblemCode, number> = {
  unsupported_media_type: 415,
  invalid_json: 400,
  invalid_query: 400,
  invalid_document: 422,
  invalid_documents: 422,
  duplicate_ids: 422,
  ingest_failed: 500,
};

export const batchProblemSchema = z.object({
  pointer: z.string().meta({ description: 'JSON Pointer to the problem in the body, e.g. "/documents/3/content".' }),
  index: z.int().optional().meta({ description: "0-based index in documents (or in delete)." }),
  id: z.string().optional(),
  field: z.string().optional(),
  message: z.string(),
});

/** Every error answer: `{ error: { code, message, ...fields } }`. */
export const errorSchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string().meta({ description: "Safe to show; says what is wrong and how to fix it." }),
    line: z.int().optional().meta({ description: "invalid_json: 1-based line of the syntax error." }),
    column: z.int().optional().meta({ description: "invalid_json: 1-based column of the syntax error." }),
    parameter: z.string().optional().meta({ description: "invalid_query: the query parameter at fault." }),
    field: z.string().optional().meta({ description: "invalid_document: the field at fault." }),
    errors: z.array(batchProblemSchema).optional().meta({ description: "invalid_documents: every problem in the batch." }),
    duplicates: z.array(z.string()).optional().meta({ description: "duplicate_ids: the ids sent more than once." }),
    jobId: z.string().optional().meta({ description: "The job that ran the document, when ingestion failed." }),
  }),
});

export type BatchProblem = z.infer<typeof batchProblemSchema>;
type ProblemFields = Omit<z.infer<typeof errorSchema>["error"], "code" | "message">;

export class ApiProblem extends Error {
  override name = "ApiProblem";
  readonly status: number;

  constructor(
    readonly code: ApiProblemCode,
    message: string,
    readonly fields: ProblemFields = {},
  ) {
    super(message);
    this.status = STATUS[code];
  }
}
