// For the REST API's integration tests: a knowledge base embedding through the fake model, its keys, a key of another
// knowledge base, and real Requests to hand to the route handlers.
import { createApiKey } from "@/lib/db/api-keys";
import { createTestAdmin, createTestKnowledgeBase, createTestTeam } from "@/tests/fixtures";
import { ingestWorld } from "@/tests/ingest-harness";

export async function apiWorld() {
  const { model, knowledgeBase } = await ingestWorld();
  const { admin } = await createTestAdmin();
  const other = await createTestKnowledgeBase((await createTestTeam()).id);
  const key = async (knowledgeBaseId: string, scope: "read" | "write") => (await createApiKey(admin, knowledgeBaseId, { name: `${scope} key`, scope })).secret;
  return {
    model,
    knowledgeBase,
    other,
    keys: { write: await key(knowledgeBase.id, "write"), read: await key(knowledgeBase.id, "read"), otherWrite: await key(other.id, "write") },
  };
}

export interface CallOptions {
  key?: string;
  /** Sent as JSON (with Content-Type: application/json) unless it is already a string. */
  body?: unknown;
  headers?: Record<string, string>;
}

/** A Request as Next.js hands it to a route handler. */
export function apiRequest(method: string, path: string, { key, body, headers = {} }: CallOptions = {}): Request {
  const all: Record<string, string> = { ...(key ? { authorization: `Bearer ${key}` } : {}), ...(body === undefined ? {} : { "content-type": "application/json" }), ...headers };
  return new Request(`http://enclave.test${path}`, { method, headers: all, ...(body === undefined ? {} : { body: typeof body === "string" ? body : JSON.stringify(body) }) });
}

/** The error a response carries. */
export async function errorOf(response: Response): Promise<{ code: string; message: string } & Record<string, unknown>> {
  return ((await response.json()) as { error: { code: string; message: string } & Record<string, unknown> }).error;
}

/** Polls until `isReady` holds (background jobs). */
export async function waitFor<T>(read: () => Promise<T>, isReady: (value: T) => boolean, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (isReady(value)) return value;
    if (Date.now() > deadline) throw new Error(`waitFor: not ready after ${timeoutMs} ms: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
