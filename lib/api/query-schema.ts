import { z } from "zod";
import { AppError } from "@/lib/errors";

// The wire format of POST /knowledge-bases/{kb}/query. The handler parses with these schemas and answers in their
// inferred types, and the OpenAPI document is generated from them.

export const MAX_QUESTION_LENGTH = 8_000;
export const MAX_QUERY_K = 50;
/** A question of 8,000 characters is at most 32 KB of UTF-8; the rest of the body is a few fields. */
export const MAX_QUERY_BODY_BYTES = 64 * 1024;

export const queryBodySchema = z.strictObject({
  question: z.string().meta({ description: `The question, at most ${MAX_QUESTION_LENGTH.toLocaleString("en")} characters.` }),
  k: z.int().min(1).max(MAX_QUERY_K).optional().meta({ description: "Passages wanted (default: the knowledge base's top-k setting)." }),
  mode: z.enum(["hybrid", "lexical", "dense"]).optional().meta({
    description: "Default: hybrid when the knowledge base has vectors, else lexical. Falls back to lexical (with a notice) when the embedding endpoint is down.",
  }),
  answer: z.boolean().default(false).meta({ description: "Also answer the question with the knowledge base's chat model, from the passages only." }),
  stream: z.boolean().default(false).meta({ description: 'With "answer": stream as Server-Sent Events (text/event-stream) instead of one JSON answer.' }),
});

export type QueryBody = z.infer<typeof queryBodySchema>;

export const queryPassageSchema = z.object({
  number: z.int().meta({ description: "Its rank, and the [n] the answer cites it by." }),
  sourceId: z.string(),
  title: z.string(),
  documentId: z.string().meta({ format: "uuid" }),
  chunkId: z.string(),
  text: z.string(),
  startOffset: z.int().meta({ description: "Character range of the passage in the document's content." }),
  endOffset: z.int(),
  score: z.number().meta({ description: "Fused rank score (reciprocal rank fusion); orders the passages." }),
  relevance: z.number().meta({ description: "0..1, compared with the knowledge base's relevance floor." }),
});

export const queryAnswerSchema = z.object({
  text: z.string().meta({ description: "The answer, with [n] citations; the refusal sentence when refused; empty when the model failed." }),
  status: z.enum(["complete", "incomplete", "failed", "refused", "stopped"]).meta({
    description: "refused: nothing cleared the relevance floor, so the model was not called. incomplete: the model stopped mid-answer (text is partial). failed: the model could not answer (see error); the passages are still valid.",
  }),
  error: z.string().optional().meta({ description: "Why the answer is incomplete or failed, e.g. the model endpoint is down." }),
  citedNumbers: z.array(z.int()).meta({ description: "The passage numbers the answer cites." }),
  model: z.string(),
  usage: z.object({ inputTokens: z.int().optional(), outputTokens: z.int().optional() }).nullable().meta({ description: "As the model reported it; null when it was not called or reported nothing." }),
});

export const queryResultSchema = z.object({
  mode: z.enum(["hybrid", "lexical", "dense"]).meta({ description: "The retrieval mode actually used." }),
  notice: z.string().optional().meta({ description: "Why the mode differs from the one asked for." }),
  passages: z.array(queryPassageSchema).meta({ description: "Best first. When refused, the nearest passages found, none of which clears the floor." }),
  refused: z.boolean().meta({ description: "No passage clears the knowledge base's relevance floor." }),
  answer: queryAnswerSchema.optional().meta({ description: 'Present when "answer" was true.' }),
});

export type QueryPassage = z.infer<typeof queryPassageSchema>;
export type QueryAnswer = z.infer<typeof queryAnswerSchema>;
export type QueryResult = z.infer<typeof queryResultSchema>;

const RULES: Record<string, string> = {
  question: "text",
  k: `a whole number from 1 to ${MAX_QUERY_K}`,
  mode: '"hybrid", "lexical" or "dense"',
  answer: "true or false",
  stream: "true or false",
};

/** The body as a query, or a 400 whose message names the field at fault and says what it must be. */
export function parseQueryBody(body: unknown): QueryBody {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw new AppError("invalid_input", 'The body must be a JSON object such as {"question": "..."}.');
  }
  const parsed = queryBodySchema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    if (issue.code === "unrecognized_keys") {
      const known = Object.keys(queryBodySchema.shape).map((key) => JSON.stringify(key)).join(", ");
      throw invalid(issue.keys[0]!, `Unknown field ${JSON.stringify(issue.keys[0])}. The body takes ${known}.`);
    }
    const field = String(issue.path[0] ?? "question");
    const value = (body as Record<string, unknown>)[field];
    if (value === undefined) throw invalid(field, `"${field}" is missing; send the question to ask.`);
    throw invalid(field, `"${field}" must be ${RULES[field] ?? "valid"}; got ${JSON.stringify(value)?.slice(0, 80)}.`);
  }
  const query = { ...parsed.data, question: parsed.data.question.trim() };
  if (!query.question) throw invalid("question", '"question" is empty; send the question to ask.');
  if (query.question.length > MAX_QUESTION_LENGTH) {
    throw invalid("question", `"question" is ${query.question.length.toLocaleString("en")} characters long; the limit is ${MAX_QUESTION_LENGTH.toLocaleString("en")}.`);
  }
  if (query.stream && !query.answer) throw invalid("stream", '"stream" needs "answer": true; only an answer is streamed.');
  return query;
}

function invalid(field: string, message: string): AppError {
  return new AppError("invalid_input", message, { field });
}
