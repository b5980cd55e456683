import { z } from "zod";
import { MAX_QUESTION_LENGTH } from "@/lib/eval/questions";
import { variantSchema } from "@/lib/eval/variant";

const knowledgeBase = z.string().trim().min(1).max(200);
// A checkbox sends "on" when ticked and nothing otherwise.
const checkbox = z.preprocess((value) => value === "on" || value === "true" || value === true, z.boolean());

export const createSetSchema = z.object({
  knowledgeBase,
  name: z.string().trim().min(1, "Give the set a name, e.g. “HR questions”.").max(200, "Keep the name under 200 characters."),
  description: z.string().trim().max(2000, "Keep the description under 2,000 characters.").optional(),
});

export const setRefSchema = z.object({ knowledgeBase, setId: z.uuid() });

export const questionSchema = z.object({
  knowledgeBase,
  setId: z.uuid(),
  questionId: z.uuid().optional(),
  question: z.string().trim().min(1, "Write the question.").max(MAX_QUESTION_LENGTH, `Keep the question under ${MAX_QUESTION_LENGTH.toLocaleString("en")} characters.`),
  expectedIds: z.string().max(20_000).default(""),
  keyPhrases: z.string().max(20_000).default(""),
  expectedAnswer: z.string().max(20_000).default(""),
  unanswerable: checkbox,
});

export const questionRefSchema = z.object({ knowledgeBase, questionId: z.uuid() });

export const startRunSchema = z.object({ ...variantSchema.shape, knowledgeBase, setId: z.uuid(), withAnswers: checkbox });

export const runRefSchema = z.object({ knowledgeBase, runId: z.uuid() });

export const feedbackSetSchema = z.object({ knowledgeBase });
