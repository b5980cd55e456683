import { spawn } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authorizeKnowledgeBase } from "@/lib/auth/authorize";
import { jobScope } from "@/lib/auth/system";
import { db } from "@/lib/db/client";
import { submitDocuments } from "@/lib/ingest/submit";
import type { FakeModelServer } from "@/scripts/fake-model-server";
import { actingUser, createTestUser } from "@/tests/fixtures";
import { ingestWorld } from "@/tests/ingest-harness";
import { rankDocuments, retrieve } from "./retrieve";

const ROOT = path.resolve(import.meta.dirname, "../..");
const DOCS = [
  { sourceId: "leave", title: "Annual leave", content: "Employees accrue twenty-five days of annual leave per calendar year. Unused leave expires at the end of March." },
  { sourceId: "expenses", title: "Expense claims", content: "Expense claims must be filed within thirty days with receipts attached." },
  { sourceId: "vpn", title: "Remote access", content: "The VPN client must be updated before connecting from a home network." },
];

let model: FakeModelServer;
let kb: Awaited<ReturnType<typeof ingestWorld>>["knowledgeBase"];
let other: Awaited<ReturnType<typeof ingestWorld>>;

beforeAll(async () => {
  const world = await ingestWorld();
  model = world.model;
  kb = world.knowledgeBase;
  other = await ingestWorld();
  await submitDocuments(jobScope(kb.id, "test"), DOCS.map((d) => ({ ...d, metadata: {} })), { source: "api", createdById: null, runInline: true });
  // The other team's base holds a near-copy of the leave policy: it must never surface here.
  await submitDocuments(jobScope(other.knowledgeBase.id, "test"), [{ ...DOCS[0]!, sourceId: "secret-leave", metadata: {} }], { source: "api", createdById: null, runInline: true });
});
afterAll(async () => {
  await model.close();
  await other.model.close();
});

const settingsOf = (base: typeof kb) => ({ ...base, apiKey: null });

describe("retrieve", () => {
  it("finds the passage that answers a question, hybrid by default, and only in the authorized base", async () => {
    const reader = await createTestUser();
    await db().membership.create({ data: { userId: reader.id, teamId: kb.teamId, role: "reader" } });
    const scope = await authorizeKnowledgeBase(actingUser(reader), kb.id, "read");
    const result = await retrieve(scope, settingsOf(kb), "How many days of annual leave do employees get?");
    expect(result.mode).toBe("hybrid");
    expect(result.passages[0]).toMatchObject({ sourceId: "leave", title: "Annual leave", knowledgeBaseId: kb.id });
    expect(result.passages[0]!.relevance).toBeGreaterThanOrEqual(kb.relevanceFloor);
    expect([...result.passages, ...result.nearest].every((passage) => passage.knowledgeBaseId === kb.id)).toBe(true);
  });

  it("finds nothing above the floor for a question the base cannot answer, but still shows the nearest", async () => {
    const result = await retrieve(jobScope(kb.id, "test"), settingsOf(kb), "What is the capital of Mongolia?");
    expect(result.passages).toEqual([]);
    // Vector search always has a nearest neighbour; none of them is evidence.
    expect(result.nearest.length).toBeGreaterThan(0);
    expect(result.nearest.every((passage) => passage.relevance < kb.relevanceFloor)).toBe(true);
  });

  it("falls back to lexical search, and says so, when the embedding endpoint is down", async () => {
    await model.setFailure({ kind: "embeddings-down" });
    try {
      const result = await retrieve(jobScope(kb.id, "test"), settingsOf(kb), "expense claims receipts");
      expect(result.mode).toBe("lexical");
      expect(result.notice).toMatch(/Searched by words only: .*all-minilm/);
      expect(result.passages[0]?.sourceId).toBe("expenses");
    } finally {
      await model.setFailure({ kind: "none" });
    }
  });

  it("ranks documents by their best chunk", async () => {
    const result = await retrieve(jobScope(kb.id, "test"), settingsOf(kb), "VPN home network", { isRaw: true, k: 50 });
    expect(rankDocuments(result.passages)[0]).toBe("vpn");
  });
});

describe("npm run eval", () => {
  it("scores a small BEIR dataset and prints one JSON line last", async () => {
    const child = spawn(path.join(ROOT, "node_modules/.bin/tsx"), ["--conditions=react-server", "scripts/eval.ts", "--dataset", "tests/eval-fixture", "--mode", "lexical", "--json"], {
      cwd: ROOT,
      env: process.env,
    });
    let stdout = "";
    child.stdout.on("data", (part: Buffer) => (stdout += part));
    const code = await new Promise((resolve) => child.once("exit", resolve));
    expect(code).toBe(0);
    const last = JSON.parse(stdout.trim().split("\n").at(-1)!) as Record<string, unknown>;
    expect(Object.keys(last).sort()).toEqual(["dataset", "mode", "mrr@10", "ndcg@10", "queries", "recall@10", "recall@100"].sort());
    expect(last).toMatchObject({ dataset: "eval-fixture", mode: "lexical", queries: 4, "recall@10": 1 });
    expect(last["ndcg@10"]).toBeGreaterThan(0.9);
  }, 60_000);
});
