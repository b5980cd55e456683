import { openApiDocument } from "@/lib/api/openapi";
import { apiJson, apiRoute } from "@/lib/api/respond";

/** The OpenAPI 3.1 description of /api/v1; public, like any API documentation. */
export const GET = apiRoute(async () => apiJson(openApiDocument()));
