"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { authedAction } from "@/lib/auth/action";
import { requestCancel } from "@/lib/db/evaluation-runs";
import { createSet, deleteQuestion, deleteSet, getQuestion } from "@/lib/db/evaluation-sets";
import { saveQuestion } from "@/lib/eval/edit-question";
import { generateFromFeedback } from "@/lib/eval/feedback-set";
import { startRun } from "@/lib/eval/runs";
import { enqueueEvaluation } from "@/lib/ingest/queue";
import { authorizeEvaluator } from "./access";
import { createSetSchema, feedbackSetSchema, questionRefSchema, questionSchema, runRefSchema, setRefSchema, startRunSchema } from "./schema";

// The evaluation pages' actions; each authorizes the editor itself (a "use server" export is a public endpoint).

const base = (slug: string) => `/knowledge-bases/${slug}/evaluation`;

export const createSetAction = authedAction(createSetSchema, async ({ user, input }) => {
  const { scope, slug } = await authorizeEvaluator(user, input.knowledgeBase);
  const set = await createSet(scope, { name: input.name, description: input.description }, user.id);
  redirect(`${base(slug)}/sets/${set.id}`);
});

export const deleteSetAction = authedAction(setRefSchema, async ({ user, input }) => {
  const { scope, slug } = await authorizeEvaluator(user, input.knowledgeBase);
  await deleteSet(scope, input.setId);
  revalidatePath(base(slug));
  redirect(base(slug));
});

export const saveQuestionAction = authedAction(questionSchema, async ({ user, input }) => {
  const { scope, slug } = await authorizeEvaluator(user, input.knowledgeBase);
  const warnings = await saveQuestion(scope, { setId: input.setId, questionId: input.questionId }, input);
  revalidatePath(`${base(slug)}/sets/${input.setId}`);
  if (input.questionId) redirect(`${base(slug)}/sets/${input.setId}`);
  return { message: `Question added.${warnings.length ? ` Note: ${warnings.join("; ")}.` : ""}` };
});

export const deleteQuestionAction = authedAction(questionRefSchema, async ({ user, input }) => {
  const { scope, slug } = await authorizeEvaluator(user, input.knowledgeBase);
  const question = await getQuestion(scope, input.questionId);
  await deleteQuestion(scope, question.id);
  revalidatePath(`${base(slug)}/sets/${question.setId}`);
  return { message: "Question deleted. Earlier runs keep their copy of it." };
});

export const startRunAction = authedAction(startRunSchema, async ({ user, input }) => {
  const { scope, slug } = await authorizeEvaluator(user, input.knowledgeBase);
  const { knowledgeBase: _kb, setId, withAnswers, ...variant } = input;
  const run = await startRun(scope, setId, variant, { withAnswers, source: "web", createdById: user.id, enqueue: (runId) => enqueueEvaluation(runId) });
  redirect(`${base(slug)}/runs/${run.id}`);
});

export const cancelRunAction = authedAction(runRefSchema, async ({ user, input }) => {
  const { scope } = await authorizeEvaluator(user, input.knowledgeBase);
  const was = await requestCancel(scope, input.runId);
  return { message: was === "queued" ? "Cancelled before it started." : "Stopping after the current question; questions already scored stay." };
});

export const generateFromFeedbackAction = authedAction(feedbackSetSchema, async ({ user, input }) => {
  const { scope, slug } = await authorizeEvaluator(user, input.knowledgeBase);
  const result = await generateFromFeedback(scope, user.id);
  redirect(`${base(slug)}/sets/${result.setId}?generated=${result.added}`);
});
