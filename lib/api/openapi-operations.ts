import { z } from "zod";
import type { KnowledgeBaseResource } from "@/lib/db/knowledge-bases";
import {
  batchBodySchema,
  documentBodySchema,
  documentDetailSchema,
  documentListQuerySchema,
  documentPageSchema,
  MAX_BATCH_DELETIONS,
  MAX_BATCH_DOCUMENTS,
  putDocumentResultSchema,
} from "./documents-schema";
import { jobAcceptedSchema, jobSchema } from "./jobs-schema";
import { errorSchema } from "./problem";
import { MAX_QUERY_BODY_BYTES, queryBodySchema, queryResultSchema } from "./query-schema";

// What /api/v1 offers, route by route, for openapi.ts to turn into the OpenAPI document. A test compares this table
// with the route files, so a new route or method cannot go undocumented.

const knowledgeBaseSchema = z.object({
  id: z.string().meta({ format: "uuid" }),
  slug: z.string(),
  name: z.string(),
  documentCount: z.int(),
  chunkCount: z.int(),
  embeddingModel: z.string(),
  embeddingDimension: z.int(),
});
// The knowledge-base route answers getKnowledgeBaseResource's value as it is: this stops compiling if the two differ.
const isSameShape: [z.infer<typeof knowledgeBaseSchema>, KnowledgeBaseResource] extends [KnowledgeBaseResource, z.infer<typeof knowledgeBaseSchema>] ? true : never = true;
void isSameShape;

export const REQUESTS = { DocumentBody: documentBodySchema, BatchBody: batchBodySchema, QueryBody: queryBodySchema };
export const RESPONSES = {
  KnowledgeBase: knowledgeBaseSchema,
  PutDocumentResult: putDocumentResultSchema,
  DocumentPage: documentPageSchema,
  DocumentDetail: documentDetailSchema,
  Job: jobSchema,
  JobAccepted: jobAcceptedSchema,
  QueryResult: queryResultSchema,
  Error: errorSchema,
};

export const ERRORS = {
  400: "Malformed JSON (invalid_json, with line and column), a bad query parameter (invalid_query, with parameter), a bad query body (invalid_input, the message names the field), or nothing to retry (invalid_input).",
  401: "No API key, or an unknown or revoked one (unauthenticated).",
  403: "The key is read-only (forbidden).",
  404: "No such knowledge base, document or job, or the key belongs to another knowledge base (not_found).",
  409: "The job has already finished (conflict).",
  413: `The body is larger than ENCLAVE_UPLOAD_MAX_MB (a query body: ${MAX_QUERY_BODY_BYTES / 1024} KB), or a batch has more than ${MAX_BATCH_DOCUMENTS.toLocaleString("en")} documents or ${MAX_BATCH_DELETIONS.toLocaleString("en")} ids to delete (payload_too_large).`,
  415: "The body is not JSON in UTF-8 (unsupported_media_type).",
  422: "Invalid documents: invalid_document (with field), invalid_documents (with errors, one per problem), duplicate_ids (with duplicates). Nothing was stored.",
  500: "A server error (internal), or the document could not be ingested (ingest_failed, with jobId).",
} as const;

type ErrorStatus = keyof typeof ERRORS;

export interface Operation {
  summary: string;
  access: "read" | "write" | "public";
  query?: z.ZodObject;
  body?: keyof typeof REQUESTS;
  replies: Record<number, { description: string; schema?: keyof typeof RESPONSES; location?: string }>;
  errors: ErrorStatus[];
}

const READ: ErrorStatus[] = [401, 404];
const WRITE: ErrorStatus[] = [400, 401, 403, 404, 413, 415, 422];
const KB = "/api/v1/knowledge-bases/{kb}";

/** Every /api/v1 route and method, keyed by path template. */
export const OPERATIONS: Record<string, Record<string, Operation>> = {
  "/api/v1/openapi.json": {
    get: { summary: "This OpenAPI document.", access: "public", replies: { 200: { description: "OpenAPI 3.1 document." } }, errors: [] },
  },
  [KB]: {
    get: { summary: "The knowledge base with its document and chunk counts.", access: "read", replies: { 200: { description: "The knowledge base.", schema: "KnowledgeBase" } }, errors: READ },
  },
  [`${KB}/documents`]: {
    get: {
      summary: "A page of the documents, most recently changed first.",
      access: "read",
      query: documentListQuerySchema,
      replies: { 200: { description: "One page of documents.", schema: "DocumentPage" } },
      errors: [400, ...READ],
    },
  },
  [`${KB}/documents/{sourceId}`]: {
    get: { summary: "One document with its content and chunks.", access: "read", replies: { 200: { description: "The document.", schema: "DocumentDetail" } }, errors: READ },
    put: {
      summary: "Adds or replaces a document and indexes it before answering.",
      access: "write",
      body: "DocumentBody",
      replies: {
        200: { description: "Replaced, or unchanged (the same title, content and metadata are stored already).", schema: "PutDocumentResult" },
        201: { description: "Added.", schema: "PutDocumentResult", location: "The document." },
      },
      errors: [...WRITE, 500],
    },
    delete: { summary: "Deletes a document with its chunks.", access: "write", replies: { 204: { description: "Deleted." } }, errors: [401, 403, 404, 500] },
  },
  [`${KB}/documents:batch`]: {
    post: {
      summary: "Validates a batch of documents and deletions as a whole and runs it as a background job. An invalid row rejects the whole batch.",
      access: "write",
      body: "BatchBody",
      replies: { 202: { description: "Staged; poll the job.", schema: "JobAccepted", location: "The job." } },
      errors: WRITE,
    },
  },
  [`${KB}/query`]: {
    post: {
      summary:
        "The passages most relevant to a question and, with answer: true, the knowledge base's answer from them alone (refused in code, without a model call, " +
        "when no passage clears the relevance floor). Nothing is stored; the query is audited.",
      access: "read",
      body: "QueryBody",
      replies: {
        200: {
          description:
            "The passages (and answer). A model failure is not an HTTP error: answer.status is failed, with the reason, and the passages are still returned. " +
            "With stream: true the answer is text/event-stream instead: event passages (this object without answer), then delta events ({text}), " +
            "then done ({status, citedNumbers, model, usage}) or, when the model failed, error (the same plus message) as the last event.",
          schema: "QueryResult",
        },
      },
      errors: [400, 401, 404, 413, 415],
    },
  },
  [`${KB}/jobs/{jobId}`]: {
    get: { summary: "An ingestion job: status, progress, counts and first failures.", access: "read", replies: { 200: { description: "The job.", schema: "Job" } }, errors: READ },
  },
  [`${KB}/jobs/{jobId}:cancel`]: {
    post: {
      summary: "Stops a job: a queued one at once, a running one after its current batch. Documents already done stay.",
      access: "write",
      replies: { 200: { description: "The job, cancelled or with cancelRequested.", schema: "Job" } },
      errors: [401, 403, 404, 409],
    },
  },
  [`${KB}/jobs/{jobId}:retry`]: {
    post: {
      summary: "Stages the failed documents of a job as a new background job.",
      access: "write",
      replies: { 202: { description: "Staged; poll the new job.", schema: "JobAccepted", location: "The new job." } },
      errors: [400, 401, 403, 404],
    },
  },
};

export const PATH_PARAMETERS: Record<string, string> = {
  kb: "The knowledge base's id or slug.",
  sourceId: "The document's id in your system, URL-encoded (a / is sent as %2F).",
  jobId: "The job's id.",
};
