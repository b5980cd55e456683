import { listDocumentResources } from "@/lib/api/documents";
import { documentListQuerySchema, LIST_QUERY_RULES } from "@/lib/api/documents-schema";
import { parseQuery } from "@/lib/api/query";
import { apiJson, apiRoute } from "@/lib/api/respond";
import { authenticateApiKey } from "@/lib/auth/api-key";

/** A page of the knowledge base's documents (?q=&prefix=&updatedSince=&page=&pageSize=); needs a read key. */
export const GET = apiRoute(async (request, { params }: { params: Promise<{ kb: string }> }) => {
  const { kb } = await params;
  const scope = await authenticateApiKey(request.headers, kb, "read");
  const query = parseQuery(new URL(request.url), documentListQuerySchema, LIST_QUERY_RULES);
  return apiJson(await listDocumentResources(scope, query));
});
