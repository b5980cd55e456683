import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authorizeKnowledgeBase } from "@/lib/auth/authorize";
import type { KnowledgeBaseScope } from "@/lib/auth/scope";
import { jobScope } from "@/lib/auth/system";
import { db } from "@/lib/db/client";
import { getResults, getRun, requestCancel } from "@/lib/db/evaluation-runs";
import { listQuestions } from "@/lib/db/evaluation-sets";
import { AppError } from "@/lib/errors";
import { submitDocuments } from "@/lib/ingest/submit";
import type { FakeModelServer } from "@/scripts/fake-model-server";
import { actingUser, createTestUser } from "@/tests/fixtures";
import { ingestWorld } from "@/tests/ingest-harness";
import { loadBeirDataset } from "./beir";
import { compareRuns } from "./compare";
import { saveQuestion } from "./edit-question";
import { generateFromFeedback } from "./feedback-set";
import { importQuestions } from "./import-set";
import { runEvaluationSlice } from "./run";
import { startRun } from "./runs";
import type { RunMetrics } from "./summary";
import type { Variant } from "./variant";

// Imports, runs and comparisons against the real database, on the small fixture corpus (tests/eval-fixture) and the
// fake model server (bag-of-words embeddings, an extractive answerer that cites [n]).

const CSV = [
  "question,expected_ids,key_phrases,unanswerable",
  "How many days of annual leave do employees get?,leave,twenty-five days,no",
  "What does a lost badge cost and what do claims above 500 euros need?,security=2|expenses,20 euros|approval,no",
  "Who issues parking permits?,parking,facilities desk,",
  "What is on the canteen menu on Fridays?,,,yes",
].join("\n");

let model: FakeModelServer;
let kbId: string;
let scope: KnowledgeBaseScope;

beforeAll(async () => {
  const world = await ingestWorld();
  model = world.model;
  kbId = world.knowledgeBase.id;
  const corpus = loadBeirDataset("tests/eval-fixture").corpus.map((doc) => ({ ...doc, metadata: {} }));
  await submitDocuments(jobScope(kbId, "test"), corpus, { source: "api", createdById: null, runInline: true });
  const editor = await createTestUser();
  await db().membership.create({ data: { userId: editor.id, teamId: world.knowledgeBase.teamId, role: "editor" } });
  scope = await authorizeKnowledgeBase(actingUser(editor), kbId, "write");
}, 60_000);
afterAll(async () => {
  await model.close();
});

async function runToEnd(setId: string, variant: Variant = {}, withAnswers = false) {
  const run = await startRun(scope, setId, variant, { withAnswers, source: "cli", createdById: null, enqueue: async () => undefined });
  for (let slice = await runEvaluationSlice(run.id, { inline: true }); !slice.isDone; slice = await runEvaluationSlice(run.id, { inline: true }));
  return getRun(scope, run.id);
}

async function importCsv(name: string, text = CSV, unknownIds: "warn" | "reject" = "warn") {
  return importQuestions(scope, { newSet: { name } }, [{ name: "questions.csv", text }], { unknownIds, createdById: null });
}

describe("importing evaluation sets", () => {
  it("names a missing column together with the columns the file has", async () => {
    const error = await importCsv("missing", "query_text,expected_ids\nWho?,leave").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).message).toBe('"questions.csv" has no "question" column (or "query" / "text"). Its columns are: "query_text", "expected_ids".');
    const scoreless = await importCsv("scoreless", "question,notes\nWho?,x").catch((e: unknown) => e);
    expect((scoreless as AppError).message).toMatch(/has no "expected_ids" column .*Its columns are: "question", "notes"\. A question needs expected_ids, key_phrases/);
    expect(await db().evaluationSet.count({ where: { knowledgeBaseId: kbId, name: { in: ["missing", "scoreless"] } } })).toBe(0);
  });

  it("reports unknown source ids per question: kept with a warning, or refused", async () => {
    const text = `question,expected_ids\nHow many days of annual leave?,leave|handbook-2019\nWho issues parking permits?,parking\nWhat is the dress code?,dress-code`;
    const warned = await importCsv("warned", text);
    expect(warned).toMatchObject({ added: 3, errors: [] });
    expect(warned.warnings).toEqual([
      { where: "row 1 (line 2)", question: "How many days of annual leave?", messages: ['expected id not in the knowledge base: "handbook-2019"'] },
      { where: "row 3 (line 4)", question: "What is the dress code?", messages: ['expected id not in the knowledge base: "dress-code"'] },
    ]);
    // Kept as given: dropping the id would inflate recall, and the document may be added later.
    const stored = await listQuestions(scope, warned.setId);
    expect(stored.items[0]).toMatchObject({ expected: { leave: 1, "handbook-2019": 1 }, warnings: ['expected id not in the knowledge base: "handbook-2019"'] });

    const rejected = await importCsv("rejected", text, "reject");
    expect(rejected.added).toBe(1);
    expect(rejected.errors.map((problem) => [problem.where, problem.message])).toEqual([
      ["row 1 (line 2)", 'expected id not in the knowledge base: "handbook-2019"'],
      ["row 3 (line 4)", 'expected id not in the knowledge base: "dress-code"'],
    ]);
  });

  it("imports a BEIR folder's queries and graded qrels, and updates them on a second import", async () => {
    const files = [
      { name: "queries.jsonl", text: '{"_id": "q1", "text": "Who issues parking permits?"}\n{"_id": "q9", "text": "Not judged"}' },
      { name: "qrels.tsv", text: "query-id\tcorpus-id\tscore\nq1\tparking\t2\nq1\tleave\t0" },
    ];
    const first = await importQuestions(scope, { newSet: { name: "beir" } }, files, { unknownIds: "warn", createdById: null });
    expect(first).toMatchObject({ format: "beir", added: 1, notes: ["1 queries without judgements in qrels.tsv were skipped (BEIR evaluates judged queries only)."] });
    const again = await importQuestions(scope, { setId: first.setId }, files, { unknownIds: "warn", createdById: null });
    expect(again).toMatchObject({ added: 0, unchanged: 1 });
    expect((await listQuestions(scope, first.setId)).items[0]).toMatchObject({ externalId: "q1", expected: { parking: 2, leave: 0 } });
  });
});

describe("evaluation runs", () => {
  it("stores a run with its settings snapshot and one row per question, and flags what got worse with a smaller top-k", async () => {
    const { setId } = await importCsv("runs");
    const first = await runToEnd(setId, { relevanceFloor: 0.3 });
    expect(first).toMatchObject({ status: "succeeded", total: 4, processed: 4, variant: { relevanceFloor: 0.3 } });
    expect(first.settings).toMatchObject({ mode: "auto", topK: 6, relevanceFloor: 0.3, chunkSize: 64, corpus: "live", embeddingModel: "all-minilm" });
    const metrics = first.metrics as unknown as RunMetrics;
    expect(metrics).toMatchObject({ questions: 4, k: 6, scored: 3, "recall@k": 1, unanswerable: 1, refusalRate: 1, falseRefusalRate: 0 });

    const rows = await getResults(scope, first.id);
    expect(rows.map((row) => row.question)).toEqual(CSV.split("\n").slice(1).map((line) => line.split(",")[0]));
    expect(rows[1]).toMatchObject({ expected: { security: 2, expenses: 1 }, keyPhrases: ["20 euros", "approval"], metrics: { recall: 1, refused: false } });
    expect(rows[1]!.retrieved.map((doc) => doc.sourceId).sort()).toEqual(["expenses", "security"]);
    expect(rows[3]).toMatchObject({ isUnanswerable: true, retrieved: [], metrics: { refused: true, refusedBy: "retrieval" } });

    const second = await runToEnd(setId, { relevanceFloor: 0.3, topK: 1 });
    expect(second.variant).toEqual({ relevanceFloor: 0.3, topK: 1 });
    expect((second.metrics as unknown as RunMetrics)["recall@k"]).toBeCloseTo((1 + 0.5 + 1) / 3, 10);
    const diffs = compareRuns(rows, await getResults(scope, second.id));
    expect(diffs.map((diff) => diff.change)).toEqual(["same", "worse", "same", "same"]);
    expect(diffs[1]!.reasons).toContain("Recall@k 1.00 → 0.50");
  });

  it("runs a chunk-size variant in a scratch copy and leaves the live base alone", async () => {
    const { setId } = await importCsv("chunking");
    const liveChunks = await db().chunk.findMany({ where: { knowledgeBaseId: kbId }, select: { id: true, text: true }, orderBy: { id: "asc" } });
    const liveKb = await db().knowledgeBase.findUniqueOrThrow({ where: { id: kbId } });
    const run = await runToEnd(setId, { chunkSize: 24, chunkOverlap: 4, relevanceFloor: 0.3 });
    expect(run.status).toBe("succeeded");
    expect(run.settings).toMatchObject({ chunkSize: 24, chunkOverlap: 4, corpus: "scratch" });
    // The copy was chunked the variant's way (more, smaller chunks), then deleted with everything in it.
    const note = (run.notes as string[]).find((line) => line.startsWith("Chunk size 24 (overlap 4): searched a scratch copy of the 6 documents"));
    const [, copyChunks, liveCount] = /\((\d+) passages; the live base has (\d+)\)/.exec(note ?? "") ?? [];
    expect(Number(liveCount)).toBe(liveChunks.length);
    expect(Number(copyChunks)).toBeGreaterThan(liveChunks.length);
    expect(run.scratchKnowledgeBaseId).toBeNull();
    expect(await db().ingestionJob.count({ where: { id: run.scratchJobId! } })).toBe(0);
    expect(await db().knowledgeBase.count({ where: { slug: `eval-run-${run.id}` } })).toBe(0);
    expect(await db().chunk.findMany({ where: { knowledgeBaseId: kbId }, select: { id: true, text: true }, orderBy: { id: "asc" } })).toEqual(liveChunks);
    expect(await db().knowledgeBase.findUniqueOrThrow({ where: { id: kbId } })).toEqual(liveKb);
    expect((run.metrics as unknown as RunMetrics).questions).toBe(4);
  });

  it("measures answers when the model answers: key phrases, citation precision, refusals", async () => {
    const { setId } = await importCsv("answers");
    const run = await runToEnd(setId, { relevanceFloor: 0.3 }, true);
    expect(run).toMatchObject({ status: "succeeded", withAnswers: true });
    const rows = await getResults(scope, run.id);
    expect(rows[0]!.answer).toMatch(/twenty-five days of annual leave.*\[1\]/);
    expect(rows[0]!.metrics).toMatchObject({ phraseMatch: 1, citationPrecision: 1, refused: false });
    expect(rows[0]!.citations).toEqual([{ number: 1, sourceId: "leave", title: "Annual leave", isExpected: true }]);
    expect(rows[3]).toMatchObject({ answer: "I don't have enough information to answer that.", metrics: { refused: true, refusedBy: "retrieval" } });
    const metrics = run.metrics as unknown as RunMetrics;
    expect(metrics).toMatchObject({ answered: 4, refusalRate: 1, citationPrecision: 1, answerFailures: 0 });
  });

  it("goes on with retrieval metrics, and says why, when the model is unreachable", async () => {
    const { setId } = await importCsv("no-model");
    await model.setFailure({ kind: "refuse-connections" });
    try {
      const run = await runToEnd(setId, { relevanceFloor: 0.3, mode: "lexical" }, true);
      expect(run).toMatchObject({ status: "succeeded", withAnswers: false });
      expect(run.notes).toContainEqual(expect.stringMatching(/^Answer metrics skipped: Nothing is listening at .* Retrieval metrics were measured\.$/));
      expect((run.metrics as unknown as RunMetrics)["recall@k"]).toBe(1);
    } finally {
      await model.setFailure({ kind: "none" });
    }
  });

  it("records a failed answer per question and counts it, when the model answers with an error", async () => {
    const { setId } = await importCsv("model-errors");
    await model.setFailure({ kind: "unknown-model" });
    try {
      const run = await runToEnd(setId, { relevanceFloor: 0.3, mode: "lexical" }, true);
      const rows = await getResults(scope, run.id);
      expect(rows[0]!.metrics.answerError).toMatch(/gemma3:1b/);
      expect(rows[0]!.answer).toBeNull();
      expect(run.metrics).toMatchObject({ answered: 4, answerFailures: 3, refusalRate: 1, "recall@k": 1 });
    } finally {
      await model.setFailure({ kind: "none" });
    }
  });

  it("continues a run in the next slice, scoring each question once, and stops a cancelled one", async () => {
    const { setId } = await importCsv("slices");
    const run = await startRun(scope, setId, {}, { withAnswers: false, source: "web", createdById: null, enqueue: async () => undefined });
    expect(await runEvaluationSlice(run.id, { deadline: Date.now() - 1 })).toEqual({ isDone: false });
    expect(await getRun(scope, run.id)).toMatchObject({ status: "running", processed: 0 });
    expect(await runEvaluationSlice(run.id)).toEqual({ isDone: true });
    expect(await runEvaluationSlice(run.id)).toEqual({ isDone: true });
    expect(await getRun(scope, run.id)).toMatchObject({ status: "succeeded", processed: 4, total: 4 });

    const stopped = await startRun(scope, setId, {}, { withAnswers: false, source: "web", createdById: null, enqueue: async () => undefined });
    await requestCancel(scope, stopped.id);
    expect(await getRun(scope, stopped.id)).toMatchObject({ status: "cancelled", processed: 0 });
    expect(await runEvaluationSlice(stopped.id)).toEqual({ isDone: true });
  });

  it("starts a set from thumbs-down feedback: the question before each rated answer, as a draft", async () => {
    const user = await createTestUser();
    const chat = await db().chat.create({ data: { userId: user.id, knowledgeBaseId: kbId, title: "Parking" } });
    const ask = async (question: string, answer: string, at: number) => {
      await db().message.create({ data: { chatId: chat.id, role: "user", content: question, createdAt: new Date(at) } });
      return db().message.create({ data: { chatId: chat.id, role: "assistant", content: answer, createdAt: new Date(at + 1) } });
    };
    const bad = await ask("Who renews parking permits?", "The VPN client must be updated [1].", 1_000);
    const good = await ask("How many days of leave?", "Twenty-five [1].", 2_000);
    await db().citation.create({ data: { messageId: bad.id, number: 1, isCited: true, knowledgeBaseId: kbId, sourceId: "vpn", title: "Remote access", text: "…", startOffset: 0, endOffset: 1, score: 0.5 } });
    await db().feedback.create({ data: { messageId: bad.id, userId: user.id, knowledgeBaseId: kbId, rating: -1, comment: "Wrong document" } });
    await db().feedback.create({ data: { messageId: good.id, userId: user.id, knowledgeBaseId: kbId, rating: 1 } });

    const first = await generateFromFeedback(scope, null);
    expect(first).toMatchObject({ added: 1, total: 1 });
    const [draft] = (await listQuestions(scope, first.setId)).items;
    expect(draft).toMatchObject({ question: "Who renews parking permits?", expected: {}, externalId: `feedback:${bad.id}` });
    expect(draft!.warnings).toEqual([
      "draft from thumbs-down feedback: add the expected ids (or mark it unanswerable) to score it",
      "feedback comment: Wrong document",
      "the rated answer cited: vpn",
    ]);
    // An editor fills it in; generating again neither duplicates nor overwrites it.
    await saveQuestion(scope, { setId: first.setId, questionId: draft!.id }, { question: draft!.question, expectedIds: "parking", keyPhrases: "", expectedAnswer: "", unanswerable: false });
    expect(await generateFromFeedback(scope, null)).toMatchObject({ setId: first.setId, added: 0 });
    const [edited] = (await listQuestions(scope, first.setId)).items;
    expect(edited).toMatchObject({ expected: { parking: 1 }, warnings: ["feedback comment: Wrong document", "the rated answer cited: vpn"] });
  });

  it("keeps runs and sets inside their knowledge base", async () => {
    const { setId } = await importCsv("private");
    const outsider = await createTestUser();
    await expect(authorizeKnowledgeBase(actingUser(outsider), kbId, "write")).rejects.toMatchObject({ code: "not_found" });
    const other = await ingestWorld();
    try {
      const otherScope = jobScope(other.knowledgeBase.id, "test");
      await expect(startRun(otherScope, setId, {}, { withAnswers: false, source: "cli", createdById: null, enqueue: async () => undefined })).rejects.toMatchObject({ code: "not_found" });
    } finally {
      await other.model.close();
    }
  });
});
