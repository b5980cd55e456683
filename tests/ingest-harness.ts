import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { db } from "@/lib/db/client";
import { startFakeModelServer, type FakeModelServer } from "@/scripts/fake-model-server";
import { createTestKnowledgeBase, createTestTeam } from "./fixtures";

/** A fake Ollama and a knowledge base whose embedding endpoint is that fake (all-minilm, 384 dimensions). */
export async function ingestWorld() {
  const model = await startFakeModelServer({ port: 0, flavor: "ollama" });
  const team = await createTestTeam();
  const kb = await createTestKnowledgeBase(team.id);
  const knowledgeBase = await db().knowledgeBase.update({
    where: { id: kb.id },
    data: { embeddingBaseUrl: `${model.url}/v1`, chatBaseUrl: `${model.url}/v1`, chunkSize: 64, chunkOverlap: 8 },
  });
  return { model, knowledgeBase };
}

/**
 * An HTTP proxy in front of the fake model that fails embedding requests on demand, to break an ingestion at a
 * precise point (e.g. after the first of several embedding batches).
 */
export async function flakyProxy(target: FakeModelServer, shouldFail: (embeddingRequestNumber: number) => boolean, delayMs = 0) {
  let embeddingRequests = 0;
  const server: Server = createServer(async (request, response) => {
    const body = await new Promise<Buffer>((resolve) => {
      const parts: Buffer[] = [];
      request.on("data", (part: Buffer) => parts.push(part)).on("end", () => resolve(Buffer.concat(parts)));
    });
    if (delayMs) await new Promise((resolve) => setTimeout(resolve, delayMs));
    if (request.url?.endsWith("/embeddings") && shouldFail(++embeddingRequests)) {
      response.writeHead(500, { "content-type": "application/json" }).end('{"error":{"message":"injected failure","type":"api_error","param":null,"code":null}}');
      return;
    }
    const upstream = await fetch(`${target.url}${request.url}`, { method: request.method, headers: { "content-type": "application/json" }, body: body.length ? new Uint8Array(body) : undefined });
    response.writeHead(upstream.status, { "content-type": upstream.headers.get("content-type") ?? "application/json" });
    response.end(Buffer.from(await upstream.arrayBuffer()));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    get embeddingRequests() {
      return embeddingRequests;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
