import { cancelJobResource, getJobResource, parseJobAction, retryJobResource } from "@/lib/api/jobs";
import { apiJson, apiRoute } from "@/lib/api/respond";
import { authenticateApiKey } from "@/lib/auth/api-key";

// `{jobId}` for the job, `{jobId}:cancel` and `{jobId}:retry` for its actions: one path segment, so one route.

type Context = { params: Promise<{ kb: string; jobId: string }> };

/** An ingestion job's status, progress, counts and first failures; needs a read key. */
export const GET = apiRoute(async (request, { params }: Context) => {
  const { kb, jobId } = await params;
  const scope = await authenticateApiKey(request.headers, kb, "read");
  return apiJson(await getJobResource(scope, jobId));
});

/** `:cancel` stops the job (200, the job); `:retry` stages its failed documents as a new job (202). Needs a write key. */
export const POST = apiRoute(async (request, { params }: Context) => {
  const { kb, jobId: segment } = await params;
  const { jobId, action } = parseJobAction(segment);
  const scope = await authenticateApiKey(request.headers, kb, "write");
  if (action === "cancel") return apiJson(await cancelJobResource(scope, jobId));
  const accepted = await retryJobResource(scope, jobId);
  return apiJson(accepted, 202, { location: accepted.links.job });
});
