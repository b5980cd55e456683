import { z } from "zod";
import { MAX_METADATA_BYTES, MAX_SOURCE_ID_LENGTH, MAX_TITLE_LENGTH } from "@/lib/ingest/validate";

// The wire format of the documents API. Handlers parse with these schemas and build their answers as their inferred
// types, and the OpenAPI document is generated from them, so the documentation cannot drift from the code. The precise
// per-field rules (control characters, blank text, sizes) are validateDocument's, the one gate every document passes.

export const MAX_BATCH_DOCUMENTS = 1000;
export const MAX_BATCH_DELETIONS = 1000;
export const MAX_PAGE = 100_000;
export const MAX_PAGE_SIZE = 500;

const timestamp = z.string().meta({ format: "date-time" });
const metadata = z.record(z.string(), z.unknown());

export const sourceIdSchema = z.union([z.string(), z.int()]).meta({
  description: `Your system's key for the document (whole numbers are taken as text): at most ${MAX_SOURCE_ID_LENGTH} characters, no control characters; surrounding spaces are removed.`,
});

/** PUT /documents/{sourceId}: the document; its id is the path's last segment. */
export const documentBodySchema = z.strictObject({
  title: z.string().nullish().meta({ description: `Shown in citations; line breaks become spaces; at most ${MAX_TITLE_LENGTH} characters. Defaults to the id.` }),
  content: z.string().meta({ description: "The text to index (Markdown headings are used for context). Must not be blank." }),
  metadata: metadata.optional().meta({ description: `A JSON object stored with the document, at most ${MAX_METADATA_BYTES / 1024} KB.` }),
});

export const batchDocumentSchema = z.strictObject({ id: sourceIdSchema, ...documentBodySchema.shape });

/** POST /documents:batch */
export const batchBodySchema = z.strictObject({
  documents: z.array(batchDocumentSchema).max(MAX_BATCH_DOCUMENTS).optional().meta({ description: "Documents to add or replace, keyed by id." }),
  delete: z.array(sourceIdSchema).max(MAX_BATCH_DELETIONS).optional().meta({ description: "Ids of documents to delete." }),
});

export const putDocumentResultSchema = z.object({
  sourceId: z.string(),
  outcome: z.enum(["added", "replaced", "unchanged"]),
  version: z.int().meta({ description: "Counts up each time the document's content, title or metadata changes." }),
  jobId: z.string().meta({ format: "uuid" }),
  embedded: z.boolean().meta({ description: "false when the embedding model was unreachable: the text is searchable and vectors follow later." }),
});

export const documentSummarySchema = z.object({
  sourceId: z.string(),
  title: z.string(),
  version: z.int(),
  chunkCount: z.int(),
  embedded: z.boolean(),
  metadata,
  createdAt: timestamp,
  updatedAt: timestamp,
});

export const documentPageSchema = z.object({
  items: z.array(documentSummarySchema),
  page: z.int(),
  pageSize: z.int(),
  total: z.int(),
  pageCount: z.int(),
});

export const documentDetailSchema = documentSummarySchema.extend({
  content: z.string(),
  chunks: z.array(
    z.object({
      ordinal: z.int(),
      text: z.string(),
      startOffset: z.int().meta({ description: "Where the chunk's text starts in content (UTF-16 code units)." }),
      endOffset: z.int(),
      tokenCount: z.int(),
    }),
  ),
});

// Query values arrive as text; each rule is also the message a bad value gets.
export const LIST_QUERY_RULES = {
  q: "text without control characters",
  prefix: "text without control characters",
  updatedSince: "an ISO 8601 date-time with a time zone (2025-01-31T09:00:00Z) or a date (2025-01-31)",
  page: `a whole number from 1 to ${MAX_PAGE}`,
  pageSize: `a whole number from 1 to ${MAX_PAGE_SIZE}`,
} as const;

const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2}))?$/i;
const plainText = z.string().refine((value) => !/\p{Cc}/u.test(value));

export const documentListQuerySchema = z.strictObject({
  q: plainText.optional().meta({ description: "Only documents whose title or id contains this text (any case)." }),
  prefix: plainText.optional().meta({ description: "Only documents whose id starts with this text (exactly; % and _ are plain characters)." }),
  updatedSince: z
    .string()
    .refine((value) => ISO_DATE_TIME.test(value) && !Number.isNaN(Date.parse(value)))
    .transform((value) => new Date(value))
    .optional()
    .meta({ format: "date-time", description: "Only documents added or changed at or after this time." }),
  page: z.coerce.number().int().min(1).max(MAX_PAGE).default(1),
  pageSize: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(50),
});

export type DocumentBody = z.infer<typeof documentBodySchema>;
export type PutDocumentResult = z.infer<typeof putDocumentResultSchema>;
export type DocumentSummary = z.infer<typeof documentSummarySchema>;
export type DocumentPage = z.infer<typeof documentPageSchema>;
export type DocumentDetail = z.infer<typeof documentDetailSchema>;
export type DocumentListQuery = z.infer<typeof documentListQuerySchema>;
