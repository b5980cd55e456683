import "server-only";
import type { KnowledgeBaseScope } from "@/lib/auth/scope";
import { addQuestion, existingSourceIds, getQuestion, updateQuestion } from "@/lib/db/evaluation-sets";
import { AppError } from "@/lib/errors";
import { parseExpectedList, parsePhraseList, questionProblems, type QuestionInput } from "./questions";

// A question as the editor's form sends it: expected ids as `a|b=2`, key phrases as `x|y`. Unknown ids are kept with a
// warning, as imports keep them by default.

export interface QuestionForm {
  question: string;
  expectedIds: string;
  keyPhrases: string;
  expectedAnswer: string;
  unanswerable: boolean;
}

const KEPT_WARNING = /^(feedback comment|the rated answer cited):/;

/** Adds a question to a set, or updates one; returns the warnings it was stored with. */
export async function saveQuestion(scope: KnowledgeBaseScope, target: { setId: string; questionId?: string }, form: QuestionForm): Promise<string[]> {
  const expected = parseExpectedList(form.expectedIds);
  if (expected.problem) throw new AppError("invalid_input", `Expected ids: ${expected.problem}.`);
  const input: QuestionInput = {
    question: form.question.trim(),
    expected: expected.expected,
    keyPhrases: parsePhraseList(form.keyPhrases),
    expectedAnswer: form.expectedAnswer.trim() || null,
    isUnanswerable: form.unanswerable,
  };
  const problems = questionProblems(input);
  if (problems.length) throw new AppError("invalid_input", `This question cannot be saved: ${problems.join("; ")}.`);
  const known = await existingSourceIds(scope, Object.keys(input.expected));
  const unknown = Object.keys(input.expected).filter((id) => !known.has(id));
  const warnings = unknown.length ? [`expected ${unknown.length === 1 ? "id" : "ids"} not in the knowledge base: ${unknown.map((id) => JSON.stringify(id)).join(", ")}`] : [];
  if (target.questionId) {
    // What feedback said about the question stays with it; the other warnings are recomputed.
    const kept = (await getQuestion(scope, target.questionId)).warnings.filter((warning) => KEPT_WARNING.test(warning));
    await updateQuestion(scope, target.questionId, input, [...warnings, ...kept]);
  }
  else await addQuestion(scope, target.setId, input, warnings);
  return warnings;
}

/** The form's text for a stored question's expected ids: `a|b=2` (grade 1 is left implicit). */
export function expectedIdsText(expected: Record<string, number>): string {
  return Object.entries(expected)
    .map(([id, grade]) => (grade === 1 ? id : `${id}=${grade}`))
    .join("|");
}
