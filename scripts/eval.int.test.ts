import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { jobScope } from "@/lib/auth/system";
import { db } from "@/lib/db/client";
import { loadBeirDataset } from "@/lib/eval/beir";
import { submitDocuments } from "@/lib/ingest/submit";
import type { FakeModelServer } from "@/scripts/fake-model-server";
import { ingestWorld } from "@/tests/ingest-harness";

// The CI gate: `npm run eval -- --kb <slug> --set <name> --min-ndcg …` exits 1, naming the metric, when the bar is above
// what the run measured, and 0 when every bar is met. Spawned as a user would run it, against the test's database.

const ROOT = path.resolve(import.meta.dirname, "..");

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

// Asynchronous: the fake model server lives in this process and must answer while the command runs.
function evalCli(...args: string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(path.join(ROOT, "node_modules/.bin/tsx"), ["--conditions=react-server", "scripts/eval.ts", ...args], { cwd: ROOT, env: process.env });
    let [stdout, stderr] = ["", ""];
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

const lastJson = (text: string) => JSON.parse(text.trim().split("\n").at(-1)!) as Record<string, unknown>;

describe("npm run eval -- --kb --set", () => {
  let model: FakeModelServer;
  let slug: string;
  let knowledgeBaseId: string;
  let folder: string;
  let csv: string;

  beforeAll(async () => {
    const world = await ingestWorld();
    model = world.model;
    ({ slug, id: knowledgeBaseId } = world.knowledgeBase);
    const corpus = loadBeirDataset("tests/eval-fixture").corpus.map((doc) => ({ ...doc, metadata: {} }));
    await submitDocuments(jobScope(world.knowledgeBase.id, "test"), corpus, { source: "api", createdById: null, runInline: true });
    folder = mkdtempSync(path.join(os.tmpdir(), "enclave-eval-cli-"));
    csv = path.join(folder, "gate.csv");
    writeFileSync(
      csv,
      [
        "question,expected_ids",
        "How many days of annual leave do employees get?,leave",
        "What does a lost badge cost and what do claims above 500 euros need?,security=2|expenses",
        "Who issues parking permits?,parking",
      ].join("\n"),
    );
  }, 60_000);
  afterAll(async () => {
    await model?.close();
    if (folder) rmSync(folder, { recursive: true, force: true });
  });

  it("imports a set, passes when every bar is met, and fails (exit 1) naming the metric below its bar", { timeout: 120_000 }, async () => {
    const pass = await evalCli("--kb", slug, "--set", "gate", "--import", csv, "--mode", "lexical", "--floor", "0.3", "--min-ndcg", "0.5", "--min-recall", "0.8", "--json");
    expect(pass.code, pass.stderr).toBe(0);
    expect(pass.stderr).toContain("Imported CSV: 3 added, 0 updated, 0 unchanged.");
    const passed = lastJson(pass.stdout);
    expect(passed).toMatchObject({ kb: slug, set: "gate", mode: "lexical", questions: 3, k: 6, "recall@k": 1, passed: true, failures: [] });

    // top-k 1 leaves one of the two expected documents out of q2: nDCG@10 drops below 0.99.
    const fail = await evalCli("--kb", slug, "--set", "gate", "--mode", "lexical", "--floor", "0.3", "--k", "1", "--min-ndcg", "0.99", "--json");
    expect(fail.code).toBe(1);
    const failed = lastJson(fail.stdout);
    expect(failed).toMatchObject({ passed: false, k: 1 });
    expect(failed["ndcg@10"]).toBeLessThan(0.99);
    expect(failed.failures).toEqual([`ndcg@10 ${(failed["ndcg@10"] as number).toFixed(4)} is below the bar 0.99`]);
    expect(fail.stderr).toMatch(/FAIL ndcg@10 0\.\d{4} is below the bar 0\.99/);
    // Both runs are stored, as runs started from the pages are.
    expect(await db().evaluationRun.count({ where: { knowledgeBaseId, source: "cli", status: "succeeded" } })).toBe(2);
  });

  it("says which sets exist when the set is unknown, and refuses a wrong command line", async () => {
    const unknown = await evalCli("--kb", slug, "--set", "nope");
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/has no evaluation set named "nope"\. Its sets: "gate"\./);
    const usage = await evalCli("--kb", slug);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain("usage: npm run eval");
  }, 60_000);
});
