import { submitBatch } from "@/lib/api/documents";
import { readJsonBody } from "@/lib/api/request-body";
import { apiJson, apiRoute } from "@/lib/api/respond";
import { authenticateApiKey } from "@/lib/auth/api-key";

/**
 * Validates a batch of documents and deletions as a whole and stages it as a background job (202, Location: the job);
 * any invalid row is a 422 listing every problem, and nothing is stored. Needs a write key.
 */
export const POST = apiRoute(async (request, { params }: { params: Promise<{ kb: string }> }) => {
  const { kb } = await params;
  const scope = await authenticateApiKey(request.headers, kb, "write");
  const accepted = await submitBatch(scope, await readJsonBody(request));
  return apiJson(accepted, 202, { location: accepted.links.job });
});
