import { describe, expect, it } from "vitest";
import { requireAdmin } from "@/lib/auth/admin";
import { createApiKey } from "@/lib/db/api-keys";
import { actingUser, createTestDocument, createTestKnowledgeBase, createTestTeam, createTestUser } from "@/tests/fixtures";
import { GET } from "./route";

async function get(ref: string, headers: Record<string, string> = {}) {
  const request = new Request(`http://enclave.test/api/v1/knowledge-bases/${ref}`, { headers });
  return GET(request, { params: Promise.resolve({ kb: ref }) });
}

describe("GET /api/v1/knowledge-bases/{kb}", () => {
  it("describes the key's knowledge base with counts of its own documents and chunks", async () => {
    const admin = requireAdmin(actingUser(await createTestUser({ role: "admin" })));
    const team = await createTestTeam();
    const kb = await createTestKnowledgeBase(team.id, { embeddingDimension: 768 });
    const other = await createTestKnowledgeBase(team.id);
    await createTestDocument(kb.id, ["one", "two", "three"]);
    await createTestDocument(kb.id, ["four"]);
    await createTestDocument(other.id, ["elsewhere"]);
    const { secret } = await createApiKey(admin, kb.id, { name: "reader", scope: "read" });

    const response = await get(kb.slug, { authorization: `Bearer ${secret}` });
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(await response.json()).toEqual({
      id: kb.id,
      slug: kb.slug,
      name: kb.name,
      documentCount: 2,
      chunkCount: 4,
      embeddingModel: "all-minilm",
      embeddingDimension: 768,
    });

    const missing = await get(kb.id);
    expect(missing.status).toBe(401);
    expect(missing.headers.get("www-authenticate")).toBe("Bearer");
    expect(await missing.json()).toEqual({ error: { code: "unauthenticated", message: "A valid API key is required." } });

    const elsewhere = await get(other.slug, { "x-api-key": secret });
    expect(elsewhere.status).toBe(404);
    expect(await elsewhere.json()).toEqual({ error: { code: "not_found", message: "Knowledge base not found." } });
  });
});
