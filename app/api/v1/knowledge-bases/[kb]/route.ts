import { apiJson, apiRoute } from "@/lib/api/respond";
import { authenticateApiKey } from "@/lib/auth/api-key";
import { getKnowledgeBaseResource } from "@/lib/db/knowledge-bases";

/** A knowledge base (by id or slug) and its document and chunk counts; needs a read key of that base. */
export const GET = apiRoute(async (request, { params }: { params: Promise<{ kb: string }> }) => {
  const { kb } = await params;
  const scope = await authenticateApiKey(request.headers, kb, "read");
  return apiJson(await getKnowledgeBaseResource(scope));
});
