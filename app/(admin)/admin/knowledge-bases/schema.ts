import { z } from "zod";
import { piiPatternsTextSchema } from "@/lib/privacy/pii/patterns";

const endpoint = z.url({ protocol: /^https?$/, message: "Enter an http:// or https:// URL, e.g. http://localhost:11434/v1." }).max(500);
const whole = (min: number, max: number) => z.coerce.number().int(`Enter a whole number.`).min(min, `At least ${min}.`).max(max, `At most ${max}.`);

export const settingsSchema = z.object({
  chatBaseUrl: endpoint,
  chatModel: z.string().trim().min(1, "Name the chat model, e.g. gemma3:1b.").max(200),
  embeddingBaseUrl: endpoint,
  embeddingModel: z.string().trim().min(1, "Name the embedding model, e.g. all-minilm.").max(200),
  embeddingDimension: whole(1, 16000),
  topK: whole(1, 100),
  relevanceFloor: z.coerce.number("Enter a number between 0 and 1.").min(0, "At least 0.").max(1, "At most 1."),
  chunkSize: whole(16, 8192),
  chunkOverlap: whole(0, 8191),
  contextWindow: whole(512, 10_000_000),
  answerInstructions: z.string().trim().max(4000).optional().transform((value) => value || null),
  // An unchecked checkbox sends nothing.
  logQuestions: z.literal("on").optional().transform((value) => value === "on"),
  showFeedbackIdentity: z.literal("on").optional().transform((value) => value === "on"),
});

export const slugSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/, "Use 1–64 lower-case letters, digits and hyphens, e.g. hr-policy.");

export const createKnowledgeBaseSchema = settingsSchema.extend({
  slug: slugSchema,
  name: z.string().trim().min(1, "Give it a name.").max(200),
  teamId: z.uuid("Choose a team."),
});

export const updateKnowledgeBaseSchema = settingsSchema.extend({
  knowledgeBaseId: z.uuid(),
  name: z.string().trim().min(1, "Give it a name.").max(200),
  teamId: z.uuid("Choose a team."),
  modelLocation: z.enum(["local", "hosted"], "Choose where the chat model runs.").default("local"),
  // Empty keeps the stored key (while the endpoint's origin stays); the key is never sent back to the form.
  chatApiKey: z.string().trim().max(1000).optional().transform((value) => value || null),
  isHostedConfirmed: z.literal("on").optional().transform((value) => value === "on"),
  piiPatterns: piiPatternsTextSchema,
});

export const deleteKnowledgeBaseSchema = z.object({ knowledgeBaseId: z.uuid(), confirmSlug: z.string().max(100) });
