import "server-only";
import type { KnowledgeBaseScope } from "@/lib/auth/scope";
import { AppError, notFound } from "@/lib/errors";
import { questionKey, type Expected, type QuestionInput } from "@/lib/eval/questions";
import { db } from "./client";
import { writableKnowledgeBase } from "./documents";
import type { Prisma } from "./generated/client";
import { isUuid } from "./ids";
import { pageWindow, toPage } from "./pagination";

// Evaluation sets and their questions. Evaluation is an editor's tool: every function takes a write scope of the one
// knowledge base the set belongs to (readers of a base neither see nor change its sets).

export interface StoredQuestion extends QuestionInput {
  id: string;
  warnings: string[];
  createdAt: Date;
  updatedAt: Date;
}

const QUESTION_PAGE_SIZE = 50;

/** The sets of the scope's knowledge base with their question counts and latest run. */
export async function listSets(scope: KnowledgeBaseScope) {
  const knowledgeBaseId = writableKnowledgeBase(scope);
  return db().evaluationSet.findMany({
    where: { knowledgeBaseId },
    include: {
      _count: { select: { questions: true, runs: true } },
      runs: { orderBy: { createdAt: "desc" }, take: 1, select: { id: true, status: true, metrics: true, createdAt: true, variant: true } },
    },
    orderBy: { name: "asc" },
  });
}

/** One set of the scope's knowledge base, or a 404. */
export async function getSet(scope: KnowledgeBaseScope, setId: string) {
  const knowledgeBaseId = writableKnowledgeBase(scope);
  if (!isUuid(setId)) throw notFound("Evaluation set");
  const set = await db().evaluationSet.findFirst({ where: { id: setId, knowledgeBaseId }, include: { _count: { select: { questions: true } } } });
  if (!set) throw notFound("Evaluation set");
  return set;
}

/** A set by its name (the CLI's way to name one), or null. */
export async function findSetByName(scope: KnowledgeBaseScope, name: string) {
  const knowledgeBaseId = writableKnowledgeBase(scope);
  return db().evaluationSet.findUnique({ where: { knowledgeBaseId_name: { knowledgeBaseId, name } } });
}

export async function createSet(scope: KnowledgeBaseScope, input: { name: string; description?: string | null }, createdById: string | null) {
  const knowledgeBaseId = writableKnowledgeBase(scope);
  return db()
    .evaluationSet.create({ data: { knowledgeBaseId, name: input.name.trim(), description: input.description?.trim() || null, createdById } })
    .catch((error: unknown) => {
      if ((error as { code?: string }).code === "P2002") throw new AppError("conflict", `This knowledge base already has a set named “${input.name.trim()}”. Choose another name.`);
      throw error;
    });
}

/** Deletes a set with its questions and runs (and any scratch copy a run still holds). */
export async function deleteSet(scope: KnowledgeBaseScope, setId: string): Promise<void> {
  const set = await getSet(scope, setId);
  await db().evaluationSet.delete({ where: { id: set.id } });
}

/** A page of a set's questions, oldest first (the order runs score them in). */
export async function listQuestions(scope: KnowledgeBaseScope, setId: string, page = 1) {
  await getSet(scope, setId);
  const window = pageWindow(page, QUESTION_PAGE_SIZE);
  const [rows, total] = await Promise.all([
    db().evaluationQuestion.findMany({ where: { setId }, orderBy: [{ createdAt: "asc" }, { id: "asc" }], skip: window.skip, take: window.take }),
    db().evaluationQuestion.count({ where: { setId } }),
  ]);
  return toPage(rows.map(toStored), total, window.page, QUESTION_PAGE_SIZE);
}

/** One question of the scope's sets, or a 404. */
export async function getQuestion(scope: KnowledgeBaseScope, questionId: string): Promise<StoredQuestion & { setId: string }> {
  const knowledgeBaseId = writableKnowledgeBase(scope);
  if (!isUuid(questionId)) throw notFound("Question");
  const row = await db().evaluationQuestion.findFirst({ where: { id: questionId, set: { knowledgeBaseId } } });
  if (!row) throw notFound("Question");
  return { ...toStored(row), setId: row.setId };
}

export async function addQuestion(scope: KnowledgeBaseScope, setId: string, input: QuestionInput, warnings: string[] = []) {
  await getSet(scope, setId);
  return db().evaluationQuestion.create({ data: { setId, ...questionData(input), warnings } }).catch(rethrowDuplicate);
}

export async function updateQuestion(scope: KnowledgeBaseScope, questionId: string, input: QuestionInput, warnings: string[] = []) {
  const existing = await getQuestion(scope, questionId);
  return db().evaluationQuestion.update({ where: { id: existing.id }, data: { ...questionData(input), warnings } }).catch(rethrowDuplicate);
}

export async function deleteQuestion(scope: KnowledgeBaseScope, questionId: string): Promise<void> {
  const existing = await getQuestion(scope, questionId);
  await db().evaluationQuestion.delete({ where: { id: existing.id } });
}

/**
 * Adds imported questions to a set; a question with the same external id (or, without one, the same text) as a stored
 * one updates it instead (with `onlyAdd`, it is left as it is). Nothing is deleted. One transaction: an import takes effect whole or not at all.
 */
export async function upsertQuestions(
  scope: KnowledgeBaseScope,
  setId: string,
  questions: readonly { input: QuestionInput; warnings: string[] }[],
  options: { onlyAdd?: boolean } = {},
): Promise<{ added: number; updated: number; unchanged: number }> {
  await getSet(scope, setId);
  return db().$transaction(
    async (tx) => {
      const stored = await tx.evaluationQuestion.findMany({ where: { setId } });
      const byKey = new Map(stored.map((row) => [questionKey(row), row]));
      const fresh: Prisma.EvaluationQuestionCreateManyInput[] = [];
      let [updated, unchanged] = [0, 0];
      for (const { input, warnings } of questions) {
        const existing = byKey.get(questionKey(input)) ?? (input.externalId ? byKey.get(questionKey({ question: input.question })) : undefined);
        const data = { ...questionData(input), warnings };
        if (!existing) {
          // Spread over milliseconds so "oldest first" keeps the file's order.
          fresh.push({ setId, ...data, createdAt: new Date(Date.now() + fresh.length) });
        } else if (options.onlyAdd || sameQuestion(existing, data)) {
          unchanged++;
        } else {
          await tx.evaluationQuestion.update({ where: { id: existing.id }, data });
          updated++;
        }
      }
      for (let start = 0; start < fresh.length; start += 1000) await tx.evaluationQuestion.createMany({ data: fresh.slice(start, start + 1000) });
      await tx.evaluationSet.update({ where: { id: setId }, data: { updatedAt: new Date() } });
      return { added: fresh.length, updated, unchanged };
    },
    { timeout: 120_000 },
  );
}

/** Which of these source ids are documents of the scope's knowledge base. */
export async function existingSourceIds(scope: KnowledgeBaseScope, sourceIds: Iterable<string>): Promise<Set<string>> {
  const knowledgeBaseId = writableKnowledgeBase(scope);
  const ids = [...new Set(sourceIds)];
  const found = new Set<string>();
  for (let start = 0; start < ids.length; start += 5000) {
    const rows = await db().document.findMany({ where: { knowledgeBaseId, sourceId: { in: ids.slice(start, start + 5000) } }, select: { sourceId: true } });
    for (const row of rows) found.add(row.sourceId);
  }
  return found;
}

function questionData(input: QuestionInput) {
  return {
    externalId: input.externalId?.trim() || null,
    question: input.question.trim(),
    expected: input.expected,
    expectedAnswer: input.expectedAnswer?.trim() || null,
    keyPhrases: input.keyPhrases,
    isUnanswerable: input.isUnanswerable,
  };
}

function sameQuestion(row: { question: string; expected: Prisma.JsonValue; expectedAnswer: string | null; keyPhrases: string[]; isUnanswerable: boolean; externalId: string | null; warnings: Prisma.JsonValue }, data: ReturnType<typeof questionData> & { warnings: string[] }): boolean {
  return JSON.stringify([row.question, sortKeys(row.expected as Expected), row.expectedAnswer, row.keyPhrases, row.isUnanswerable, row.externalId, row.warnings]) ===
    JSON.stringify([data.question, sortKeys(data.expected), data.expectedAnswer, data.keyPhrases, data.isUnanswerable, data.externalId, data.warnings]);
}

function sortKeys(expected: Expected): [string, number][] {
  return Object.entries(expected).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

function toStored(row: { id: string; externalId: string | null; question: string; expected: Prisma.JsonValue; expectedAnswer: string | null; keyPhrases: string[]; isUnanswerable: boolean; warnings: Prisma.JsonValue; createdAt: Date; updatedAt: Date }): StoredQuestion {
  return {
    id: row.id,
    externalId: row.externalId,
    question: row.question,
    expected: (row.expected ?? {}) as Expected,
    expectedAnswer: row.expectedAnswer,
    keyPhrases: row.keyPhrases,
    isUnanswerable: row.isUnanswerable,
    warnings: Array.isArray(row.warnings) ? (row.warnings as string[]) : [],
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

function rethrowDuplicate(error: unknown): never {
  if ((error as { code?: string }).code === "P2002") throw new AppError("conflict", "Another question of this set already has that id.");
  throw error;
}
