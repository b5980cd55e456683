import "server-only";
import type { KnowledgeBaseScope } from "@/lib/auth/scope";
import { thumbsDownAnswers } from "@/lib/db/evaluation-feedback";
import { createSet, findSetByName, upsertQuestions } from "@/lib/db/evaluation-sets";
import { AppError } from "@/lib/errors";
import { MAX_QUESTION_LENGTH } from "./questions";

// "Generate from thumbs-down feedback": each question that got a bad answer becomes a draft question of a set, with the
// comment and the sources the bad answer cited as notes. An editor then adds the sources that should have been found.

export const FEEDBACK_SET_NAME = "From thumbs-down feedback";

/** Adds the base's thumbs-down questions to the feedback set (created on first use); asked again, only new ones are added. */
export async function generateFromFeedback(scope: KnowledgeBaseScope, createdById: string | null): Promise<{ setId: string; added: number; total: number }> {
  const answers = await thumbsDownAnswers(scope);
  if (answers.length === 0) throw new AppError("invalid_input", "No answer of this knowledge base has a thumbs-down yet, so there is nothing to start from.");
  const set =
    (await findSetByName(scope, FEEDBACK_SET_NAME)) ??
    (await createSet(scope, { name: FEEDBACK_SET_NAME, description: "Questions whose answers were rated down. Add the sources each should have found, or mark it unanswerable." }, createdById));
  const seen = new Set<string>();
  const questions = answers
    .filter((answer) => answer.question.length <= MAX_QUESTION_LENGTH && !seen.has(answer.question) && seen.add(answer.question))
    .map((answer) => ({
      input: { externalId: `feedback:${answer.messageId}`, question: answer.question, expected: {}, expectedAnswer: null, keyPhrases: [], isUnanswerable: false },
      warnings: [
        "draft from thumbs-down feedback: add the expected ids (or mark it unanswerable) to score it",
        ...(answer.comment ? [`feedback comment: ${answer.comment}`] : []),
        ...(answer.cited.length ? [`the rated answer cited: ${answer.cited.join(", ")}`] : []),
      ],
    }));
  const counts = await upsertQuestions(scope, set.id, questions, { onlyAdd: true });
  return { setId: set.id, added: counts.added, total: questions.length };
}
