import "server-only";
import { AppError } from "@/lib/errors";
import { ApiProblem } from "./problem";

// The REST API's answers: JSON, never cached, and failures as `{ error: { code, message } }` with the AppError's
// status (an ApiProblem adds its fields beside code and message). Anything else is a bug: it is logged here and
// answered with a generic 500.

const NO_STORE = { "cache-control": "no-store" };

/** A JSON response that no cache keeps. */
export function apiJson(data: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return Response.json(data, { status, headers: { ...headers, ...NO_STORE } });
}

/** An empty 204 answer. */
export function apiNoContent(): Response {
  return new Response(null, { status: 204, headers: NO_STORE });
}

/** The JSON answer for a thrown error. */
export function apiError(error: unknown, request?: Request): Response {
  if (error instanceof AppError) {
    const headers: Record<string, string> = { ...NO_STORE };
    if (error.status === 401) headers["www-authenticate"] = "Bearer";
    return Response.json({ error: { code: error.code, message: error.message } }, { status: error.status, headers });
  }
  if (error instanceof ApiProblem) {
    return Response.json({ error: { code: error.code, message: error.message, ...error.fields } }, { status: error.status, headers: NO_STORE });
  }
  const where = request ? `${request.method} ${new URL(request.url).pathname}` : "request";
  console.error(`[api] ${where} failed: ${describeError(error)}`);
  return Response.json({ error: { code: "internal", message: "Something went wrong on the server." } }, { status: 500, headers: NO_STORE });
}

/** Wraps a route handler so that whatever it throws is answered by apiError. */
export function apiRoute<C>(handler: (request: Request, context: C) => Promise<Response>) {
  return async (request: Request, context: C): Promise<Response> => {
    try {
      return await handler(request, context);
    } catch (error) {
      return apiError(error, request);
    }
  };
}

// Only the request line is logged, never its headers (they carry the key). Prisma's messages echo every query
// parameter, so its errors are logged by name and code alone.
function describeError(error: unknown): string {
  if (!(error instanceof Error)) return `non-error value of type ${typeof error}`;
  if (error.name.startsWith("PrismaClient")) {
    const code = (error as { code?: unknown }).code;
    return typeof code === "string" ? `${error.name} ${code}` : error.name;
  }
  return error.stack ?? `${error.name}: ${error.message}`;
}
