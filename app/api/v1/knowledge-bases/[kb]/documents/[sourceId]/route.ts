import { deleteDocument, getDocumentResource, putDocument } from "@/lib/api/documents";
import { readJsonBody } from "@/lib/api/request-body";
import { apiJson, apiNoContent, apiRoute } from "@/lib/api/respond";
import { authenticateApiKey } from "@/lib/auth/api-key";

// One document by the id it has in the caller's system (URL-encoded in the path: a "/" in an id is sent as %2F).

type Context = { params: Promise<{ kb: string; sourceId: string }> };

/** The document with its content and chunks; needs a read key. */
export const GET = apiRoute(async (request, { params }: Context) => {
  const { kb, sourceId } = await params;
  const scope = await authenticateApiKey(request.headers, kb, "read");
  return apiJson(await getDocumentResource(scope, sourceId));
});

/** Adds (201) or replaces (200) the document and indexes it before answering; needs a write key. */
export const PUT = apiRoute(async (request, { params }: Context) => {
  const { kb, sourceId } = await params;
  const scope = await authenticateApiKey(request.headers, kb, "write");
  const result = await putDocument(scope, sourceId, await readJsonBody(request));
  if (result.outcome !== "added") return apiJson(result);
  return apiJson(result, 201, { location: new URL(request.url).pathname });
});

/** Deletes the document (204), or 404 when there is none; needs a write key. */
export const DELETE = apiRoute(async (request, { params }: Context) => {
  const { kb, sourceId } = await params;
  const scope = await authenticateApiKey(request.headers, kb, "write");
  await deleteDocument(scope, sourceId);
  return apiNoContent();
});
