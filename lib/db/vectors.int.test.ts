import { describe, expect, it } from "vitest";
import { authorizeKnowledgeBase, authorizedKnowledgeBases } from "@/lib/auth/authorize";
import { fakeEmbedding } from "@/scripts/fake-model-server";
import { actingUser, createTestDocument, createTestKnowledgeBase, createTestTeam, createTestUser } from "@/tests/fixtures";
import { db } from "./client";
import { searchChunksByText } from "./lexical";
import { nearestChunks, writeEmbeddings } from "./vectors";

const PASSAGES = [
  "Employees accrue twenty-five days of annual leave per calendar year.",
  "Expense claims must be filed within thirty days with receipts attached.",
  "The VPN client must be updated before connecting from a home network.",
];

async function twoTeams(dimension = 384) {
  const alice = await createTestUser();
  const bob = await createTestUser();
  const teamA = await createTestTeam([{ userId: alice.id, role: "editor" }]);
  const teamB = await createTestTeam([{ userId: bob.id, role: "editor" }]);
  const kbA = await createTestKnowledgeBase(teamA.id, { embeddingDimension: dimension });
  const kbB = await createTestKnowledgeBase(teamB.id, { embeddingDimension: dimension });
  const docA = await createTestDocument(kbA.id, PASSAGES);
  const docB = await createTestDocument(kbB.id, PASSAGES);
  for (const [user, kb, doc] of [[alice, kbA, docA], [bob, kbB, docB]] as const) {
    const scope = await authorizeKnowledgeBase(actingUser(user), kb.id, "write");
    const written = await writeEmbeddings(scope, dimension, doc.chunks.map((c) => ({ chunkId: c.id, embedding: fakeEmbedding(c.text, dimension) })));
    expect(written).toBe(PASSAGES.length);
  }
  return { alice, bob, kbA, kbB, docA, docB };
}

describe("vector and full-text search through the real extension", () => {
  it("finds the passage nearest to a question, only within the authorized knowledge base", async () => {
    const { alice, docA } = await twoTeams();
    const scope = await authorizedKnowledgeBases(actingUser(alice), "read");
    const hits = await nearestChunks(scope, fakeEmbedding("How many days of annual leave do employees get?", 384), 2);
    expect(hits).toHaveLength(2);
    expect(hits[0]!.chunkId).toBe(docA.chunks[0]!.id);
    expect(hits[0]!.similarity).toBeGreaterThan(hits[1]!.similarity);
    const ownIds = new Set(docA.chunks.map((c) => c.id));
    expect(hits.every((hit) => ownIds.has(hit.chunkId))).toBe(true);
  });

  it("uses the HNSW index for an indexed dimension", async () => {
    await twoTeams();
    const query = `[${fakeEmbedding("leave", 384).join(",")}]`;
    const plan = await db().$transaction(async (tx) => {
      await tx.$executeRaw`SET LOCAL enable_seqscan = off`;
      return tx.$queryRaw<{ "QUERY PLAN": string }[]>`
        EXPLAIN SELECT id FROM chunks WHERE embedding_dim = 384
        ORDER BY embedding::vector(384) <=> ${query}::vector(384) LIMIT 3`;
    });
    expect(plan.map((row) => row["QUERY PLAN"]).join("\n")).toMatch(/chunks_embedding_384_idx/);
  });

  it("runs every session with iterative HNSW scans, ef_search 100 and no JIT (one-statement searches rely on it)", async () => {
    const rows = await db().$queryRaw<{ scan: string; ef: string }[]>`SELECT current_setting('hnsw.iterative_scan', true) AS scan, current_setting('hnsw.ef_search', true) AS ef`;
    expect(rows).toEqual([{ scan: "relaxed_order", ef: "100" }]);
  });

  it("searches a dimension without an index exactly", async () => {
    const { bob, docB } = await twoTeams(48);
    const scope = await authorizedKnowledgeBases(actingUser(bob), "read");
    const hits = await nearestChunks(scope, fakeEmbedding("VPN client update at home", 48), 1);
    expect(hits.map((hit) => hit.chunkId)).toEqual([docB.chunks[2]!.id]);
  });

  it("refuses an embedding of the wrong dimension instead of padding it", async () => {
    const { alice, kbA, docA } = await twoTeams();
    const scope = await authorizeKnowledgeBase(actingUser(alice), kbA.id, "write");
    await expect(writeEmbeddings(scope, 384, [{ chunkId: docA.chunks[0]!.id, embedding: fakeEmbedding("x", 383) }])).rejects.toThrow(
      /returned 383 dimensions but the knowledge base is set to 384/,
    );
  });

  it("never writes embeddings into another team's chunks", async () => {
    const { alice, kbA, docB } = await twoTeams();
    const scope = await authorizeKnowledgeBase(actingUser(alice), kbA.id, "write");
    const written = await writeEmbeddings(scope, 384, [{ chunkId: docB.chunks[0]!.id, embedding: fakeEmbedding("hijack", 384) }]);
    expect(written).toBe(0);
  });

  it("matches any of the question's words in full text, ranked, within the scope", async () => {
    const { alice, docA } = await twoTeams();
    const scope = await authorizedKnowledgeBases(actingUser(alice), "read");
    const hits = await searchChunksByText(scope, "How do I file my expense claims?", 5);
    expect(hits[0]!.chunkId).toBe(docA.chunks[1]!.id);
    expect(hits.every((hit) => docA.chunks.some((c) => c.id === hit.chunkId))).toBe(true);
    expect(await searchChunksByText(scope, "'; DROP TABLE chunks; -- & | ! :*", 5)).toEqual([]);
  });
});
