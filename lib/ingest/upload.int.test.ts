import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authorizeKnowledgeBase } from "@/lib/auth/authorize";
import type { KnowledgeBaseScope } from "@/lib/auth/scope";
import { db } from "@/lib/db/client";
import { getDocument } from "@/lib/db/documents";
import { getJob, listJobs } from "@/lib/db/ingestion-jobs";
import { AppError } from "@/lib/errors";
import type { FakeModelServer } from "@/scripts/fake-model-server";
import { actingUser, createTestUser } from "@/tests/fixtures";
import { makePdf, upload } from "@/tests/ingest-fixtures/files";
import { ingestWorld } from "@/tests/ingest-harness";
import { runJobSlice } from "./jobs";
import { stopQueue } from "./queue";
import { ingestUpload, uploadLimits } from "./upload";

const FIXTURES = path.resolve(import.meta.dirname, "../../tests/ingest-fixtures");
const jsonl = (...records: object[]) => records.map((record) => JSON.stringify(record)).join("\n");
const policy = (id: string, topic: string) => ({ id, title: `Policy ${id}`, content: `The ${topic} policy: ask the ${topic} desk and wait two working days.` });

let model: FakeModelServer;
let kbId: string;
let editorId: string;
let writeScope: KnowledgeBaseScope;
let readScope: KnowledgeBaseScope;

beforeAll(async () => {
  const world = await ingestWorld();
  model = world.model;
  kbId = world.knowledgeBase.id;
  const [editor, reader] = [await createTestUser(), await createTestUser()];
  editorId = editor.id;
  await db().membership.createMany({
    data: [
      { userId: editor.id, teamId: world.knowledgeBase.teamId, role: "editor" },
      { userId: reader.id, teamId: world.knowledgeBase.teamId, role: "reader" },
    ],
  });
  writeScope = await authorizeKnowledgeBase(actingUser(editor), kbId, "write");
  readScope = await authorizeKnowledgeBase(actingUser(reader), kbId, "read");
});
afterAll(async () => {
  await stopQueue();
  await model.close();
});

const jobCount = async () => (await listJobs(writeScope, 1000)).length;

describe("ingestUpload", () => {
  it("submits the valid documents of several files as one job", async () => {
    const before = await jobCount();
    const pdf = await makePdf([["Travel policy", "Book trains for trips under four hours."]]);
    const result = await ingestUpload(
      writeScope,
      [
        upload("policies.jsonl", jsonl(policy("leave", "leave"), policy("expenses", "expenses"))),
        upload("desks.csv", "doc_id,body,owner\ndesk-1,The IT desk opens at eight.,it\ndesk-2,The HR desk opens at nine.,hr\n"),
        { ...upload("Travel Policy.pdf", pdf), sourceId: "travel" },
      ].map((file, index) => (index === 1 ? { ...file, mapping: { id: "doc_id", content: "body" } } : file)),
      { createdById: editorId },
    );
    expect(result).toMatchObject({ accepted: 5, rejected: [] });
    expect(result.files).toEqual([
      { name: "policies.jsonl", format: "jsonl", accepted: 2 },
      { name: "desks.csv", format: "csv", accepted: 2 },
      { name: "Travel Policy.pdf", format: "pdf", accepted: 1 },
    ]);
    expect(await jobCount()).toBe(before + 1);

    const job = await getJob(writeScope, result.jobId!);
    expect(job).toMatchObject({ kind: "import", source: "upload", total: 5, createdById: editorId });
    await runJobSlice(job.id);
    expect(await getJob(writeScope, job.id)).toMatchObject({ status: "succeeded", counts: { added: 5 } });
    expect(await getDocument(writeScope, { sourceId: "desk-2" })).toMatchObject({ content: "The HR desk opens at nine.", metadata: { owner: "hr" } });
    expect(await getDocument(writeScope, { sourceId: "travel" })).toMatchObject({ title: "Travel Policy", metadata: { fileName: "Travel Policy.pdf", pageCount: 1 } });
  });

  it("reports a bad row with its line and column while the other rows are accepted", async () => {
    const text = [JSON.stringify(policy("row-1", "parking")), '{"id": "row-2", "content": }', JSON.stringify({ id: "row-3" }), JSON.stringify(policy("row-4", "canteen"))].join("\n");
    const result = await ingestUpload(writeScope, [upload("rows.jsonl", text)], { createdById: editorId });
    expect(result.accepted).toBe(2);
    expect(result.rejected).toEqual([
      { file: "rows.jsonl", line: 2, column: expect.any(Number), message: expect.stringMatching(/^Not valid JSON/) },
      { file: "rows.jsonl", line: 3, sourceId: "row-3", message: expect.stringContaining('"content" is missing') },
    ]);
    const job = await getJob(writeScope, result.jobId!);
    expect(job.total).toBe(2);
    // The job keeps what was rejected at upload, so its page can still say so.
    expect(job.details).toMatchObject({ rejectedCount: 2, rejected: [{ file: "rows.jsonl", line: 2 }, { file: "rows.jsonl", line: 3 }] });
  });

  it("rejects an id found in two files in both, naming both files, and ingests the rest", async () => {
    const result = await ingestUpload(
      writeScope,
      [upload("a.jsonl", jsonl(policy("shared", "a"), policy("only-a", "a"))), upload("b.json", JSON.stringify([policy("only-b", "b"), policy("shared", "b")]))],
      { createdById: editorId },
    );
    expect(result.accepted).toBe(2);
    expect(result.rejected).toHaveLength(2);
    for (const [index, file] of ["a.jsonl", "b.json"].entries()) {
      expect(result.rejected[index]).toMatchObject({ file, sourceId: "shared", code: "duplicate_across_files" });
      expect(result.rejected[index]!.message).toContain('is in both "a.jsonl" and "b.json"');
    }
    const job = await getJob(writeScope, result.jobId!);
    expect(job.total).toBe(2);
  });

  it("refuses more files than ENCLAVE_UPLOAD_MAX_FILES, and no files at all, without creating a job", async () => {
    const before = await jobCount();
    const { maxFiles } = uploadLimits();
    const files = Array.from({ length: maxFiles + 1 }, (_, i) => upload(`note-${i}.txt`, `Note ${i}.`));
    const error = await ingestUpload(writeScope, files, { createdById: editorId }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: "payload_too_large", status: 413 });
    expect((error as AppError).message).toBe(`You chose ${maxFiles + 1} files; one upload takes at most ${maxFiles}. Upload them in batches of ${maxFiles} or fewer.`);
    await expect(ingestUpload(writeScope, [], { createdById: editorId })).rejects.toMatchObject({ code: "invalid_input" });
    expect(await jobCount()).toBe(before);
  });

  it("reports an encrypted PDF as password-protected and creates no job when nothing is left", async () => {
    const before = await jobCount();
    const bytes = new Uint8Array(readFileSync(path.join(FIXTURES, "password-aes256.pdf")));
    const result = await ingestUpload(writeScope, [upload("Salaries.pdf", bytes)], { createdById: editorId });
    expect(result).toMatchObject({ jobId: null, accepted: 0 });
    expect(result.rejected).toEqual([{ file: "Salaries.pdf", code: "encrypted", status: 422, message: expect.stringContaining("is password-protected") }]);
    expect(await jobCount()).toBe(before);
  });

  it("reports whole-file problems with their status while the other files proceed", async () => {
    const result = await ingestUpload(writeScope, [upload("budget.xlsx", new Uint8Array([0x50, 0x4b, 3, 4])), upload("Kitchen rules.md", "# Kitchen\n\nClean up after yourself.")], {
      createdById: editorId,
    });
    expect(result.accepted).toBe(1);
    expect(result.rejected).toEqual([{ file: "budget.xlsx", code: "unsupported_type", status: 415, message: expect.stringContaining("Export the sheet as CSV") }]);
    expect(result.files.map((file) => file.accepted)).toEqual([0, 1]);
  });

  it("needs a write scope: a reader's scope is refused and nothing is staged", async () => {
    const before = await jobCount();
    await expect(ingestUpload(readScope, [upload("note.txt", "A note.")], { createdById: editorId })).rejects.toMatchObject({ code: "forbidden", status: 403 });
    expect(await jobCount()).toBe(before);
  });
});
