import { describe, expect, it } from "vitest";
import { authorizeKnowledgeBase } from "@/lib/auth/authorize";
import { AppError } from "@/lib/errors";
import { actingUser, createTestDocument, createTestKnowledgeBase, createTestTeam, createTestUser } from "@/tests/fixtures";
import { deleteChat } from "./chats";
import { db } from "./client";
import { getFeedbackForMessages, listFeedback, setFeedback } from "./feedback";

/** A team (owner and reader read, editor edits), its base with a document, and the owner's chat: a question and its answer. */
async function world() {
  const [owner, editor, reader] = [await createTestUser(), await createTestUser(), await createTestUser()];
  const team = await createTestTeam([
    { userId: owner.id, role: "reader" },
    { userId: editor.id, role: "editor" },
    { userId: reader.id, role: "reader" },
  ]);
  const kb = await createTestKnowledgeBase(team.id);
  const cited = await createTestDocument(kb.id, ["Leave needs a form signed by the team lead.", "The form is on the intranet."]);
  const uncited = await createTestDocument(kb.id, ["Expenses are paid monthly."]);
  const gone = await createTestDocument(kb.id, ["Old leave rules."]);
  const { chat, question, answer } = await chatWithAnswer(owner.id, kb.id, "How do I take leave?", "Fill in the form [1][2], see also [4].", [
    { document: cited, chunk: 0, isCited: true },
    { document: cited, chunk: 1, isCited: true },
    { document: uncited, chunk: 0, isCited: false },
    { document: gone, chunk: 0, isCited: true },
  ]);
  await db().document.delete({ where: { id: gone.id } });
  return { owner, editor, reader, team, kb, cited, uncited, gone, chat, question, answer };
}

type TestDocument = Awaited<ReturnType<typeof createTestDocument>>;

async function chatWithAnswer(userId: string, knowledgeBaseId: string, questionText: string, answerText: string, passages: { document: TestDocument; chunk: number; isCited: boolean }[] = []) {
  const chat = await db().chat.create({ data: { userId, knowledgeBaseId, title: questionText } });
  const now = Date.now();
  const question = await db().message.create({ data: { chatId: chat.id, role: "user", content: questionText, createdAt: new Date(now - 2_000) } });
  const answer = await db().message.create({
    data: {
      chatId: chat.id,
      role: "assistant",
      content: answerText,
      createdAt: new Date(now - 1_000),
      citations: {
        create: passages.map(({ document, chunk, isCited }, index) => {
          const passage = document.chunks[chunk]!;
          return {
            number: index + 1,
            isCited,
            knowledgeBaseId,
            documentId: document.id,
            chunkId: passage.id,
            sourceId: document.sourceId,
            title: document.title,
            text: passage.text,
            startOffset: passage.startOffset,
            endOffset: passage.endOffset,
            score: 0.8,
          };
        }),
      },
    },
  });
  return { chat, question, answer };
}

async function expectCode(promise: Promise<unknown>, code: string) {
  const error = await promise.then(() => null, (thrown: unknown) => thrown);
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).code).toBe(code);
}

describe("feedback on answers", () => {
  it("lets the chat's owner rate an answer, and rating again updates the one row", async () => {
    const { owner, kb, answer } = await world();
    const user = actingUser(owner);
    expect(await setFeedback(user, answer.id, { rating: -1, comment: "  It cites the old form.  " }, "10.0.0.7")).toEqual({ rating: -1, comment: "It cites the old form." });
    expect(await setFeedback(user, answer.id, { rating: 1 })).toEqual({ rating: 1, comment: "It cites the old form." });
    expect(await setFeedback(user, answer.id, { rating: 1, comment: "" })).toEqual({ rating: 1, comment: null });
    const rows = await db().feedback.findMany({ where: { messageId: answer.id } });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ userId: owner.id, knowledgeBaseId: kb.id, rating: 1, comment: null });
    expect(await getFeedbackForMessages(user, [answer.id, "not-a-uuid"])).toEqual({ [answer.id]: { rating: 1, comment: null } });
  });

  it("audits each submission without the comment's text", async () => {
    const { owner, kb, answer } = await world();
    await setFeedback(actingUser(owner), answer.id, { rating: -1, comment: "secret remark about payroll" }, "10.0.0.8");
    const events = await db().auditEvent.findMany({ where: { action: "feedback.submit", targetId: answer.id } });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ actorId: owner.id, targetType: "message", ip: "10.0.0.8", details: { knowledgeBaseId: kb.id, rating: -1, hasComment: true } });
    expect(JSON.stringify({ ...events[0], id: String(events[0]!.id) })).not.toContain("payroll");
  });

  it("answers 404 for someone else's answer (an admin's attempt too), a question, and ids that do not exist", async () => {
    const { editor, owner, question, answer } = await world();
    const admin = await createTestUser({ role: "admin" });
    for (const other of [editor, admin]) await expectCode(setFeedback(actingUser(other), answer.id, { rating: 1 }), "not_found");
    await expectCode(setFeedback(actingUser(owner), question.id, { rating: 1 }), "not_found");
    await expectCode(setFeedback(actingUser(owner), "00000000-0000-4000-8000-000000000000", { rating: 1 }), "not_found");
    await expectCode(setFeedback(actingUser(owner), "not-a-uuid", { rating: 1 }), "not_found");
    expect(await db().feedback.count({ where: { messageId: { in: [question.id, answer.id] } } })).toBe(0);
    // Nor does anyone learn of the owner's feedback through their own lookup.
    await setFeedback(actingUser(owner), answer.id, { rating: 1 });
    expect(await getFeedbackForMessages(actingUser(admin), [answer.id])).toEqual({});
  });

  it("refuses a bad rating, an over-long comment, and a chat the owner may no longer read", async () => {
    const { owner, team, answer } = await world();
    await expectCode(setFeedback(actingUser(owner), answer.id, { rating: 0 as 1 }), "invalid_input");
    await expectCode(setFeedback(actingUser(owner), answer.id, { rating: -1, comment: "x".repeat(2_001) }), "invalid_input");
    await db().membership.delete({ where: { userId_teamId: { userId: owner.id, teamId: team.id } } });
    await expectCode(setFeedback(actingUser(owner), answer.id, { rating: 1 }), "forbidden");
  });

  it("deleting the chat deletes its feedback", async () => {
    const { owner, chat, answer } = await world();
    await setFeedback(actingUser(owner), answer.id, { rating: 1 });
    await deleteChat(actingUser(owner), chat.id);
    expect(await db().feedback.count({ where: { messageId: answer.id } })).toBe(0);
  });
});

describe("the editors' feedback list", () => {
  it("needs a write scope: a reader of the base is refused", async () => {
    const { reader, kb } = await world();
    const readScope = await authorizeKnowledgeBase(actingUser(reader), kb.id, "read");
    await expectCode(listFeedback(readScope), "forbidden");
    await expectCode(authorizeKnowledgeBase(actingUser(reader), kb.id, "write"), "not_found");
  });

  it("shows the question, the answer and the documents it cites, and who rated only when the base allows it", async () => {
    const { owner, editor, kb, cited, gone, answer } = await world();
    await setFeedback(actingUser(owner), answer.id, { rating: -1, comment: "Outdated." });
    const scope = await authorizeKnowledgeBase(actingUser(editor), kb.id, "write");

    const hidden = await listFeedback(scope);
    expect(hidden.total).toBe(1);
    expect(hidden.items[0]).toMatchObject({
      rating: -1,
      comment: "Outdated.",
      question: "How do I take leave?",
      answer: "Fill in the form [1][2], see also [4].",
      answerStatus: "complete",
      userEmail: null,
      citedDocuments: [
        { documentId: cited.id, sourceId: cited.sourceId, title: cited.title },
        { documentId: null, sourceId: gone.sourceId, title: gone.title },
      ],
    });
    expect(JSON.stringify(hidden)).not.toContain(owner.email);

    await db().knowledgeBase.update({ where: { id: kb.id }, data: { showFeedbackIdentity: true } });
    expect((await listFeedback(scope)).items[0]!.userEmail).toBe(owner.email);
    // Admins see it as the base's editors do, through a write scope.
    const admin = await createTestUser({ role: "admin" });
    const adminScope = await authorizeKnowledgeBase(actingUser(admin), kb.id, "write");
    expect((await listFeedback(adminScope)).items.map((item) => item.userEmail)).toEqual([owner.email]);
  });

  it("holds only the base's own feedback, newest first, filtered by rating and paginated", async () => {
    const { owner, editor, kb, answer } = await world();
    const elsewhere = await world();
    await setFeedback(actingUser(elsewhere.owner), elsewhere.answer.id, { rating: 1 });
    // Answers without feedback never appear.
    await chatWithAnswer(owner.id, kb.id, "Unrated question?", "Unrated answer.");
    const second = await chatWithAnswer(owner.id, kb.id, "Where is the form?", "On the intranet.");
    await setFeedback(actingUser(owner), answer.id, { rating: -1 });
    await new Promise((resolve) => setTimeout(resolve, 20)); // distinct timestamps, so "newest first" is decided
    await setFeedback(actingUser(owner), second.answer.id, { rating: 1 });

    const scope = await authorizeKnowledgeBase(actingUser(editor), kb.id, "write");
    expect((await listFeedback(scope)).items.map((item) => item.question)).toEqual(["Where is the form?", "How do I take leave?"]);
    expect((await listFeedback(scope, { rating: -1 })).items.map((item) => item.question)).toEqual(["How do I take leave?"]);
    expect((await listFeedback(scope, { rating: 1 })).items.map((item) => item.question)).toEqual(["Where is the form?"]);
    const past = await listFeedback(scope, { page: 2 });
    expect(past).toMatchObject({ items: [], total: 2, page: 2, pageCount: 1 });
  });
});
