import { apiJson, apiRoute } from "@/lib/api/respond";
import { getCurrentUser } from "@/lib/auth/session";
import { ingestUpload, uploadLimits } from "@/lib/ingest/upload";
import { authorizeEditor } from "../../../access";
import { isSameOrigin } from "@/lib/auth/same-origin";
import { readUploadForm } from "./read-upload-form";

type Context = { params: Promise<{ slug: string }> };

/**
 * The documents page's file upload (multipart/form-data: `file` entries and a JSON `manifest`). Answers 202
 * `{ jobId, accepted, rejected }` when anything was accepted, else the rejections with the status of what went wrong.
 */
export const POST = apiRoute(async (request, { params }: Context) => {
  if (!isSameOrigin(request.headers)) {
    return apiJson({ error: { code: "forbidden", message: "Uploads are accepted only from Enclave's own pages. Open the documents page and upload there." } }, 403);
  }
  const user = await getCurrentUser();
  if (!user) return apiJson({ error: { code: "unauthenticated", message: "Your session has ended. Sign in again, then upload the files again." } }, 401);
  const { slug } = await params;
  const { scope } = await authorizeEditor(user, slug);
  const files = await readUploadForm(request, uploadLimits().maxRequestBytes);
  const result = await ingestUpload(scope, files, { createdById: user.id });
  const body = { jobId: result.jobId, accepted: result.accepted, rejected: result.rejected };
  if (result.jobId) return apiJson(body, 202);
  return apiJson({ ...body, error: { code: "nothing_accepted", message: "Nothing was ingested. Fix the problems listed and upload again." } }, failureStatus(result.rejected));
});

// With nothing accepted, the answer carries the files' own status when they agree (413 too large, 415 unsupported).
function failureStatus(rejected: { status?: number }[]): number {
  const statuses = new Set(rejected.map((rejection) => rejection.status ?? 422));
  return statuses.size === 1 ? [...statuses][0]! : 422;
}
