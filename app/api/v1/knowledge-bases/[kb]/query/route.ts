import { eventStreamResponse } from "@/lib/api/query-events";
import { queryKnowledgeBase } from "@/lib/api/query-knowledge-base";
import { MAX_QUERY_BODY_BYTES, parseQueryBody } from "@/lib/api/query-schema";
import { readJsonBody } from "@/lib/api/request-body";
import { apiJson, apiRoute } from "@/lib/api/respond";
import { authenticateApiKey } from "@/lib/auth/api-key";
import { clientIp } from "@/lib/auth/request";

export const dynamic = "force-dynamic";

/**
 * The passages of the knowledge base for a question and, with "answer": true, its answer: as JSON, or with
 * "stream": true as Server-Sent Events. Needs a read key. Nothing is stored; the query is audited.
 */
export const POST = apiRoute(async (request, { params }: { params: Promise<{ kb: string }> }) => {
  const { kb } = await params;
  const scope = await authenticateApiKey(request.headers, kb, "read");
  const query = parseQueryBody(await readJsonBody(request, MAX_QUERY_BODY_BYTES));
  const result = await queryKnowledgeBase(scope, query, { signal: request.signal, ip: clientIp(request.headers) });
  return result instanceof ReadableStream ? eventStreamResponse(result) : apiJson(result);
});
