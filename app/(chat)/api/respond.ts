import "server-only";
import { AppError } from "@/lib/errors";

// The chat pages' small read routes answer errors as the chat route does: `{ error: { message } }` with the status.

export function problem(status: number, message: string) {
  return Response.json({ error: { message } }, { status, headers: { "Cache-Control": "no-store" } });
}

/** Runs a route's work, turning expected failures (AppError) into their status and safe message. */
export async function respond(work: () => Promise<unknown>): Promise<Response> {
  try {
    return Response.json(await work(), { headers: { "Cache-Control": "no-store" } });
  } catch (error) {
    if (error instanceof AppError) return problem(error.status, error.message);
    throw error;
  }
}
