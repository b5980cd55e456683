import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { createMariadbSource, createPostgresSource, mariadbReachable, postgresReachable, type SourceFixture } from "@/lib/ingest/sources/test-sources";
import type { FakeModelServer } from "@/scripts/fake-model-server";
import { createTestKnowledgeBase } from "@/tests/fixtures";
import { ingestWorld } from "@/tests/ingest-harness";

const ROOT = path.resolve(import.meta.dirname, "..");
// MariaDB when this machine has it, else PostgreSQL: the command line is the same for both.
const createSource = (await mariadbReachable()) ? createMariadbSource : (await postgresReachable()) ? createPostgresSource : undefined;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

// Asynchronous on purpose: the fake model server lives in this process and must answer while the command runs.
function kb(...args: string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(path.join(ROOT, "node_modules/.bin/tsx"), ["--conditions=react-server", "scripts/kb.ts", ...args], { cwd: ROOT, env: process.env });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

const lastLine = (text: string) => text.trim().split("\n").at(-1);

describe.skipIf(!createSource)("npm run kb", () => {
  let model: FakeModelServer;
  let slug: string;
  let knowledgeBaseId: string;
  let teamId: string;
  let source: SourceFixture;
  let folder: string;
  const query = () => `select id, title, content, updated_at from ${source.table}`;

  beforeAll(async () => {
    const world = await ingestWorld();
    model = world.model;
    ({ slug, id: knowledgeBaseId, teamId } = world.knowledgeBase);
    source = await createSource!();
    const updatedAt = new Date("2024-01-01T00:00:00Z");
    await source.insert([
      { id: "a", title: "Leave", content: "Annual leave is twenty-five days.", updatedAt, dept: "hr" },
      { id: "'); DROP TABLE documents; --", title: "Odd id", content: "Stored under its id, verbatim.", updatedAt, dept: "hr" },
      { id: "c", title: "Travel", content: "Book trains for trips under six hours.", updatedAt, dept: "ops" },
      { id: "empty", title: "Empty", content: null, updatedAt, dept: "ops" },
    ]);
    folder = mkdtempSync(path.join(os.tmpdir(), "enclave-kb-cli-"));
  });
  afterAll(async () => {
    await source?.drop();
    await model?.close();
    if (folder) rmSync(folder, { recursive: true, force: true });
  });

  it("syncs a database, prints the summary last and never the password", { timeout: 90_000 }, async () => {
    const run = await kb("sync", slug, "--source", source.url, "--query", query(), "--updated-column", "updated_at");
    expect(run.code, run.stderr).toBe(0);
    expect(lastLine(run.stdout)).toBe("added 3, replaced 0, unchanged 0, deleted 0, failed 1");
    expect(run.stdout).toMatch(/Row \d, id "empty": "content" is missing/);
    expect(run.stdout).toContain(`://${new URL(source.url).username}@${new URL(source.url).host}`);
    expect(run.stdout + run.stderr).not.toContain(source.password);
    expect(await db().document.findUnique({ where: { knowledgeBaseId_sourceId: { knowledgeBaseId, sourceId: "'); DROP TABLE documents; --" } } })).not.toBeNull();

    await source.remove("c");
    const again = await kb("sync", slug, "--source", source.url, "--query", query(), "--delete-missing");
    expect(again.code, again.stderr).toBe(0);
    expect(lastLine(again.stdout)).toBe("added 0, replaced 0, unchanged 2, deleted 1, failed 1");
  });

  it("exits 2 on usage errors, naming the problem", { timeout: 90_000 }, async () => {
    const flags = await kb("sync", slug, "--source", source.url, "--query", query(), "--incremental", "--updated-column", "updated_at", "--delete-missing");
    expect(flags.code).toBe(2);
    expect(flags.stderr).toContain("--delete-missing only works on a full sync");

    const column = await kb("sync", slug, "--source", source.url, "--query", query(), "--incremental", "--updated-column", 'updated_at" > 0; DROP TABLE documents; --');
    expect(column.code).toBe(2);
    expect(column.stderr).toMatch(/The updated column .* is not among the query's columns/);
    expect(column.stderr).not.toContain(source.password);

    const unknown = await kb("delete", "no-such-base", "a");
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain(slug);
    expect(await source.tableExists()).toBe(true);
  });

  it("imports a file, deletes by id and lists the knowledge bases", { timeout: 90_000 }, async () => {
    const file = path.join(folder, "policies.jsonl");
    writeFileSync(file, '{"id":"f1","title":"From a file","content":"Imported from JSON Lines."}\n{"id":"f2","content":"  "}\n');
    const imported = await kb("import", slug, file);
    expect(imported.code, imported.stderr).toBe(0);
    expect(lastLine(imported.stdout)).toBe("added 1, replaced 0, unchanged 0, deleted 0, failed 1");

    const deleted = await kb("delete", slug, "f1", "never-existed");
    expect(deleted.code, deleted.stderr).toBe(0);
    expect(deleted.stdout).toContain('id "never-existed": No document has this id.');
    expect(lastLine(deleted.stdout)).toBe("added 0, replaced 0, unchanged 0, deleted 1, failed 1");

    const listed = await kb("list");
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(new RegExp(`^${slug}\\s+2 documents`, "m"));
  });

  it("exits 1 when the job fails", { timeout: 90_000 }, async () => {
    // The fake model answers with 384 dimensions: a base set to 385 stops the job loudly.
    const broken = await createTestKnowledgeBase(teamId, { embeddingDimension: 385 });
    await db().knowledgeBase.update({ where: { id: broken.id }, data: { embeddingBaseUrl: `${model.url}/v1` } });
    const run = await kb("sync", broken.slug, "--source", source.url, "--query", query());
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/enclave: job .* failed: .*385/);
    expect(lastLine(run.stdout)).toMatch(/^added 0, replaced 0, unchanged 0, deleted 0, failed \d+$/);
  });
});
